using System.Buffers.Binary;

namespace Lifestream.Core.Uploads;

/// <summary>
/// MP4 and QuickTime files are ISO-BMFF: a box of 4 bytes size + 4 bytes type. Real files start with an
/// <c>ftyp</c> box; some QuickTime files start with <c>wide</c>, <c>free</c>, <c>skip</c> or <c>mdat</c>/<c>moov</c>
/// instead, which are accepted too when the size field is plausible.
/// </summary>
public static class IsoBmff
{
    /// <summary>Bytes read from the start of an upload to decide.</summary>
    public const int SniffLength = 16;

    private static readonly string[] FirstBoxTypes = ["ftyp", "wide", "free", "skip", "moov", "mdat"];

    public static bool LooksLikeVideo(ReadOnlySpan<byte> head, long objectSize)
    {
        if (head.Length < 8)
        {
            return false;
        }

        var size = BinaryPrimitives.ReadUInt32BigEndian(head);
        var type = System.Text.Encoding.ASCII.GetString(head.Slice(4, 4));
        if (!FirstBoxTypes.Contains(type, StringComparer.Ordinal))
        {
            return false;
        }

        // 0 = box runs to the end of the file, 1 = a 64-bit size follows; otherwise it must fit in the file.
        return size is 0 or 1 || (size >= 8 && size <= objectSize && (type != "ftyp" || size >= 16));
    }
}
