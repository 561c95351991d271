using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Lifestream.Core.Jobs;

namespace Lifestream.Core.Uploads;

/// <summary>
/// The opaque <c>cursor</c> of the job list: base64url of "&lt;created_at ticks&gt;.&lt;job_id&gt;". It holds no
/// owner: the query is always on the caller's own partition, so a cursor copied from another caller only
/// skips within the caller's jobs.
/// </summary>
public static class JobListCursor
{
    public static string Encode(JobPosition position)
    {
        ArgumentNullException.ThrowIfNull(position);
        var text = string.Create(CultureInfo.InvariantCulture, $"{position.CreatedAt.UtcTicks}.{position.JobId}");
        return Base64Url.EncodeToString(Encoding.ASCII.GetBytes(text));
    }

    /// <summary>Throws <see cref="InvalidCursorException"/> for anything <see cref="Encode"/> did not produce.</summary>
    public static JobPosition Decode(string cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        try
        {
            if (cursor.Length > 128)
            {
                throw new InvalidCursorException();
            }

            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            var dot = text.IndexOf('.', StringComparison.Ordinal);
            if (dot <= 0
                || !long.TryParse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                || ticks > DateTimeOffset.MaxValue.UtcTicks
                || !UploadNaming.IsJobId(text[(dot + 1)..]))
            {
                throw new InvalidCursorException();
            }

            return new JobPosition(new DateTimeOffset(ticks, TimeSpan.Zero), text[(dot + 1)..]);
        }
        catch (FormatException)
        {
            throw new InvalidCursorException();
        }
    }
}
