using Lifestream.Core.Jobs;
using Lifestream.Core.Uploads;

namespace Lifestream.Tests.Unit.Core.Uploads;

public sealed class UploadNamingTests
{
    [Theory]
    [InlineData("meeting.mp4", "meeting.mp4")]
    [InlineData("Team Sync 2024.MOV", "Team-Sync-2024.MOV")]
    [InlineData("../../etc/passwd.mp4", "passwd.mp4")]
    [InlineData("C:\\Users\\me\\clip.mov", "clip.mov")]
    [InlineData("réunion été.mp4", "r_union-_t.mp4")]
    public void Safe_names_keep_the_extension_and_only_safe_characters(string given, string expected) =>
        Assert.Equal(expected, UploadNaming.SafeFileName(given));

    [Theory]
    [InlineData("notes.txt")]
    [InlineData("movie.mp4.exe")]
    [InlineData("noextension")]
    public void Other_file_types_are_unsupported(string name) =>
        Assert.Equal("unsupported-file-type", Assert.Throws<UnsupportedFileTypeException>(() => UploadNaming.SafeFileName(name)).ProblemType);

    [Theory]
    [InlineData(".mp4")]
    [InlineData("---.mp4")]
    public void A_name_without_a_stem_is_refused(string name) =>
        Assert.Throws<InvalidFileNameException>(() => UploadNaming.SafeFileName(name));

    [Fact]
    public void Long_names_are_cut_to_the_limit()
    {
        var name = UploadNaming.SafeFileName(new string('a', 500) + ".mp4");
        Assert.Equal(UploadNaming.MaxFileNameLength, name.Length);
        Assert.EndsWith(".mp4", name, StringComparison.Ordinal);
    }

    [Fact]
    public void Job_ids_round_trip_through_the_key_and_other_keys_have_none()
    {
        var id = UploadNaming.NewJobId();
        Assert.True(UploadNaming.IsJobId(id));
        Assert.Equal(id, UploadNaming.JobIdOf(UploadNaming.VideoKey(id, "a.mp4")));
        Assert.Null(UploadNaming.JobIdOf("uploads/meeting.mp4"));
        Assert.Null(UploadNaming.JobIdOf($"uploads/{id}/nested/a.mp4"));
        Assert.Null(UploadNaming.JobIdOf($"uploads/{id.ToUpperInvariant()}/a.mp4"));
        Assert.Null(UploadNaming.JobIdOf($"results/{id}/a.mp4"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123")]
    [InlineData("../0123456789abcdef0123456789abcdef")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    public void Malformed_ids_are_not_job_ids(string id) => Assert.False(UploadNaming.IsJobId(id));

    [Fact]
    public void Iso_bmff_sniffing_accepts_ftyp_and_refuses_other_bytes()
    {
        byte[] ftyp = [0, 0, 0, 0x20, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'i', (byte)'s', (byte)'o', (byte)'m', 0, 0, 2, 0];
        Assert.True(IsoBmff.LooksLikeVideo(ftyp, 1000));
        Assert.False(IsoBmff.LooksLikeVideo(ftyp, 16));
        Assert.False(IsoBmff.LooksLikeVideo("%PDF-1.7 not a video"u8, 1000));
        Assert.False(IsoBmff.LooksLikeVideo([0, 0, 0, 0x20], 1000));
    }

    [Fact]
    public void Cursors_round_trip_and_tampered_ones_are_refused()
    {
        var position = new JobPosition(new DateTimeOffset(2026, 12, 1, 9, 0, 0, 123, TimeSpan.Zero).AddTicks(4567), UploadNaming.NewJobId());
        Assert.Equal(position, JobListCursor.Decode(JobListCursor.Encode(position)));
        Assert.Throws<InvalidCursorException>(() => JobListCursor.Decode("not a cursor!"));
        Assert.Throws<InvalidCursorException>(() => JobListCursor.Decode(System.Buffers.Text.Base64Url.EncodeToString("12.x"u8)));
        Assert.Throws<InvalidCursorException>(() => JobListCursor.Decode(new string('A', 500)));
    }

    [Fact]
    public void Options_are_validated_once_with_every_problem()
    {
        var problems = new UploadApiOptions { VideosBucket = "", PartSizeBytes = 1, UploadUrlLifetime = TimeSpan.Zero }.GetProblems();
        Assert.Contains(problems, p => p.Contains("VideosBucket", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("PartSizeBytes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("UploadUrlLifetime", StringComparison.Ordinal));
        Assert.Empty(new UploadApiOptions { VideosBucket = "videos" }.GetProblems());
    }
}
