namespace Lifestream.Core.Processing;

/// <summary>Free space on the volume holding a directory (a seam so tests can simulate a full disk).</summary>
public interface IDiskSpaceProbe
{
    long GetAvailableBytes(string directory);
}

/// <summary>Reads free space from the drive that contains the directory.</summary>
public sealed class DriveDiskSpaceProbe : IDiskSpaceProbe
{
    public long GetAvailableBytes(string directory) => new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
}

/// <summary>How much free space a download needs before it starts.</summary>
public static class DiskSpaceRequirement
{
    /// <summary>Headroom beyond the object itself for pipeline intermediates (audio, frames) and documents.</summary>
    public const long MinimumHeadroomBytes = 64L * 1024 * 1024;

    /// <summary>The object plus 25% of its size, at least <see cref="MinimumHeadroomBytes"/> extra.</summary>
    public static long ForObject(long objectSizeBytes) =>
        objectSizeBytes + Math.Max(MinimumHeadroomBytes, objectSizeBytes / 4);
}
