using CsCheck;
using Lifestream.Core.Processing;

namespace Lifestream.Tests.Unit.Core.Processing;

public sealed class JobWorkspaceTests : IDisposable
{
    private readonly string workDir = Directory.CreateTempSubdirectory("lifestream-ws-").FullName;

    public void Dispose() => Directory.Delete(workDir, recursive: true);

    [Fact]
    public void Creates_input_scratch_and_output_under_the_work_dir_and_deletes_them()
    {
        string root;
        using (var workspace = JobWorkspace.Create(workDir, "job-1", 3))
        {
            root = workspace.Root;
            Assert.Equal(workDir, Path.GetDirectoryName(root));
            Assert.StartsWith("lifestream-job-1-a3-", Path.GetFileName(root), StringComparison.Ordinal);
            Assert.True(Directory.Exists(workspace.InputDirectory));
            Assert.True(Directory.Exists(workspace.ScratchDirectory));
            Assert.True(Directory.Exists(workspace.OutputDirectory));
            File.WriteAllText(Path.Combine(workspace.ScratchDirectory, "x.wav"), "x");
        }

        Assert.False(Directory.Exists(root));
        Assert.Empty(Directory.EnumerateFileSystemEntries(workDir));
    }

    [Theory]
    [InlineData("uploads/talk.MP4", "source.mp4")]
    [InlineData("uploads/no-extension", "source")]
    [InlineData("uploads/evil.mp4/../../../../etc/passwd", "source")]
    [InlineData("uploads/x.m p4", "source")]
    [InlineData("uploads/x.verylongextension", "source")]
    public void Input_file_name_never_comes_from_the_key_beyond_a_plain_extension(string key, string expected)
    {
        using var workspace = JobWorkspace.Create(workDir, "job-1", 1);

        Assert.Equal(Path.Combine(workspace.InputDirectory, expected), workspace.InputPathFor(key));
    }

    [Fact]
    public void Input_path_stays_inside_the_input_directory_for_any_key()
    {
        using var workspace = JobWorkspace.Create(workDir, "job-1", 1);

        Gen.String.Sample(key =>
        {
            var path = Path.GetFullPath(workspace.InputPathFor(key));
            return Path.GetDirectoryName(path) == workspace.InputDirectory && Path.GetFileName(path).StartsWith("source", StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Unsafe_job_id_or_relative_work_dir_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => JobWorkspace.Create(workDir, "../escape", 1));
        Assert.Throws<ArgumentException>(() => JobWorkspace.Create("relative", "job-1", 1));
    }
}
