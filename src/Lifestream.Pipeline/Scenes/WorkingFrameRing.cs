namespace Lifestream.Pipeline.Scenes;

/// <summary>
/// The working-frame buffers a frame source fills, reused round-robin. Frame k's buffer is refilled for frame
/// k + capacity + 2, which the pump can only reach once the channel (of <paramref name="channelCapacity"/>, see
/// <see cref="FramePump"/>) had room for frame k + capacity + 1, i.e. once the consumer has asked for frame k + 1:
/// the <see cref="IAnalysisFrameSource"/> contract, pixels stay valid until the next frame is requested.
/// </summary>
internal sealed class WorkingFrameRing(int channelCapacity, int frameBytes)
{
    private readonly byte[][] buffers = new byte[channelCapacity + 2][];

    public byte[] For(long index) => buffers[index % buffers.Length] ??= new byte[frameBytes];
}
