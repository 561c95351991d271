using System.Net;
using System.Net.Sockets;
using Lifestream.Pipeline.Media;

namespace Lifestream.Tests.Integration.Speech;

/// <summary>
/// The real ffprobe/ffmpeg reading an http URL (streaming intake) that the server refuses: the failure names
/// the stage and the location without its query, so the presigned signature never reaches a report or log.
/// </summary>
public sealed class MediaUrlInputTests : IAsyncDisposable
{
    private const string Secret = "X-Amz-Signature=c0ffee1234";
    private readonly HttpListener listener = new();
    private readonly Task serving;
    private readonly string url;

    public MediaUrlInputTests()
    {
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        url = $"http://127.0.0.1:{port}/videos/uploads/talk.mp4?X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20261129&{Secret}";
        serving = Task.Run(RefuseAllAsync);
    }

    public async ValueTask DisposeAsync()
    {
        listener.Close();
        try
        {
            await serving;
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // Closing the listener ends the loop.
        }
    }

    [SkippableFact]
    public async Task Audio_extraction_of_a_refused_url_fails_without_the_signature()
    {
        Skip.IfNot(Processing.MediaFixtures.FfmpegAvailable, "ffmpeg is not on PATH.");

        var ex = await Assert.ThrowsAsync<MediaUnreadableException>(() => new FfmpegAudioExtractor(new MediaOptions()).ExtractAsync(url, 10, CancellationToken.None));

        Assert.Equal("audio", ex.Stage);
        Assert.Contains("403", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/videos/uploads/talk.mp4?[redacted]", ex.Message, StringComparison.Ordinal);
        AssertNoSecret(ex);
    }

    [SkippableFact]
    public async Task Probing_a_refused_url_fails_at_probe_without_the_signature()
    {
        Skip.IfNot(Processing.MediaFixtures.FfmpegAvailable, "ffprobe is not on PATH.");

        var ex = await Assert.ThrowsAsync<MediaUnreadableException>(() => new FfprobeMediaProber(new MediaOptions()).ProbeAsync(url, CancellationToken.None));

        Assert.Equal("probe", ex.Stage);
        AssertNoSecret(ex);
    }

    [SkippableFact]
    public async Task Cancelling_a_stalled_url_read_stops_ffmpeg_promptly()
    {
        Skip.IfNot(Processing.MediaFixtures.FfmpegAvailable, "ffmpeg is not on PATH.");
        using var stalled = new TcpListener(IPAddress.Loopback, 0); // accepts the connection, never answers
        stalled.Start();
        var stalledUrl = $"http://127.0.0.1:{((IPEndPoint)stalled.LocalEndpoint).Port}/v.mp4?{Secret}";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new FfmpegAudioExtractor(new MediaOptions()).ExtractAsync(stalledUrl, 10, cts.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [SkippableFact]
    public async Task Cancelling_a_stalled_url_probe_stops_ffprobe_promptly()
    {
        Skip.IfNot(Processing.MediaFixtures.FfmpegAvailable, "ffprobe is not on PATH.");
        using var stalled = new TcpListener(IPAddress.Loopback, 0);
        stalled.Start();
        var stalledUrl = $"http://127.0.0.1:{((IPEndPoint)stalled.LocalEndpoint).Port}/v.mp4?{Secret}";
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new FfprobeMediaProber(new MediaOptions()).ProbeAsync(stalledUrl, cts.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    private static void AssertNoSecret(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain("c0ffee1234", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("AKIAIOSFODNN7EXAMPLE", e.Message, StringComparison.Ordinal);
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task RefuseAllAsync()
    {
        while (listener.IsListening)
        {
            var context = await listener.GetContextAsync();
            context.Response.StatusCode = 403;
            context.Response.Close();
        }
    }
}
