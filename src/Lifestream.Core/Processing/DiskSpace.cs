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
