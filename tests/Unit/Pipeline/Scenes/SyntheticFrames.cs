using Lifestream.Pipeline.Scenes;

namespace Lifestream.Tests.Unit.Pipeline.Scenes;

/// <summary>Builds synthetic RGB24 frame sequences: textured shots with sensor noise, flashes, fades.</summary>
internal sealed class SyntheticFrames
{
    public const int Width = 32;
    public const int Height = 18;
    private readonly List<byte[]> frames = [];
    private readonly Random noise = new(1234);

    public int Count => this.frames.Count;

    /// <summary>A static shot: a seeded random texture plus ±noise per frame.</summary>
    public SyntheticFrames Shot(int seed, int frames, int noise = 4)
    {
        var texture = Texture(seed);
        for (var i = 0; i < frames; i++)
        {
            this.frames.Add(AddNoise(texture, noise));
        }

        return this;
    }

    /// <summary>A panning shot: the texture slides one column per frame (camera motion).</summary>
    public SyntheticFrames Pan(int seed, int frames)
    {
        var texture = Texture(seed);
        for (var i = 0; i < frames; i++)
        {
            var shifted = new byte[texture.Length];
            for (var y = 0; y < Height; y++)
            {
                for (var x = 0; x < Width; x++)
                {
                    var source = (y * Width) + ((x + i) % Width);
                    Array.Copy(texture, source * 3, shifted, ((y * Width) + x) * 3, 3);
                }
            }

            this.frames.Add(shifted);
        }

        return this;
    }

    /// <summary>Frames of pure, independent noise: every frame differs hugely from the previous one.</summary>
    public SyntheticFrames Chaos(int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            var frame = new byte[Width * Height * 3];
            this.noise.NextBytes(frame);
            this.frames.Add(frame);
        }

        return this;
    }

    /// <summary>Solid colour frames (e.g. a white camera flash).</summary>
    public SyntheticFrames Solid(byte r, byte g, byte b, int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            var frame = new byte[Width * Height * 3];
            for (var p = 0; p < frame.Length; p += 3)
            {
                frame[p] = r;
                frame[p + 1] = g;
                frame[p + 2] = b;
            }

            this.frames.Add(frame);
        }

        return this;
    }

    /// <summary>A linear cross-dissolve from shot <paramref name="fromSeed"/> to <paramref name="toSeed"/>.</summary>
    public SyntheticFrames Dissolve(int fromSeed, int toSeed, int frames)
    {
        var a = Texture(fromSeed);
        var b = Texture(toSeed);
        for (var i = 1; i <= frames; i++)
        {
            var t = (double)i / (frames + 1);
            var frame = new byte[a.Length];
            for (var p = 0; p < a.Length; p++)
            {
                frame[p] = (byte)Math.Round((a[p] * (1 - t)) + (b[p] * t));
            }

            this.frames.Add(frame);
        }

        return this;
    }

    /// <summary>Frames with PTS times; <paramref name="times"/> defaults to 25 fps.</summary>
    public IReadOnlyList<AnalysisFrame> Build(Func<int, double>? times = null) =>
        this.frames.Select((rgb, i) => AnalysisFrame.Create(i, times?.Invoke(i) ?? i / 25.0, Width, Height, rgb)).ToList();

    public static IReadOnlyList<long> Detect(ISceneCutDetector detector, IEnumerable<AnalysisFrame> frames)
    {
        var cuts = new List<long>();
        foreach (var frame in frames)
        {
            cuts.AddRange(detector.Process(frame));
        }

        cuts.AddRange(detector.Flush());
        return cuts;
    }

    private static byte[] Texture(int seed)
    {
        // Blocky texture with a dominant hue per seed, so shots differ in hue, saturation and value.
        var random = new Random(seed);
        var baseColor = new[] { random.Next(256), random.Next(256), random.Next(256) };
        var texture = new byte[Width * Height * 3];
        for (var by = 0; by < Height; by += 3)
        {
            for (var bx = 0; bx < Width; bx += 4)
            {
                var block = new byte[3];
                for (var c = 0; c < 3; c++)
                {
                    block[c] = (byte)Math.Clamp(baseColor[c] + random.Next(-90, 91), 0, 255);
                }

                for (var y = by; y < Math.Min(by + 3, Height); y++)
                {
                    for (var x = bx; x < Math.Min(bx + 4, Width); x++)
                    {
                        Array.Copy(block, 0, texture, ((y * Width) + x) * 3, 3);
                    }
                }
            }
        }

        return texture;
    }

    private byte[] AddNoise(byte[] texture, int noise)
    {
        var frame = new byte[texture.Length];
        for (var p = 0; p < texture.Length; p++)
        {
            frame[p] = (byte)Math.Clamp(texture[p] + this.noise.Next(-noise, noise + 1), 0, 255);
        }

        return frame;
    }
}
