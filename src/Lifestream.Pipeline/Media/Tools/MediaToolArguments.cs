using Lifestream.Core.Processing;

namespace Lifestream.Pipeline.Media.Tools;

/// <summary>
/// The argument list of one ffmpeg/ffprobe run. <see cref="Input"/> is the one place an input is added: its
/// options (seek, decoder flags) go before <c>-i</c>, every input gets <see cref="MediaLocation.InputOptions"/> (pinned demuxer, protocol whitelist, URL timeouts),
/// and the runner redacts every input it was given from the messages it produces.
/// </summary>
public sealed class MediaToolArguments
{
    private readonly List<string> arguments = [];
    private readonly List<string> inputs = [];

    public MediaToolArguments(params IEnumerable<string> leading)
    {
        Add(leading);
    }

    /// <summary>The media inputs (paths or URLs), for redaction.</summary>
    public IReadOnlyList<string> Inputs => inputs;

    /// <summary>Appends arguments that are not an input (global and output options, filters, the output).</summary>
    public MediaToolArguments Add(params IEnumerable<string> more)
    {
        foreach (var argument in more)
        {
            ArgumentNullException.ThrowIfNull(argument, nameof(more));
            if (argument == "-i")
            {
                throw new ArgumentException("Inputs are added with Input(mediaPath, …), the one place their options are built.", nameof(more));
            }

            arguments.Add(argument);
        }

        return this;
    }

    /// <summary>Appends <c>[inputOptions…] [http options…] -i mediaPath</c>.</summary>
    public MediaToolArguments Input(string mediaPath, params IEnumerable<string> inputOptions)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediaPath);
        arguments.AddRange(inputOptions);
        arguments.AddRange(MediaLocation.InputOptions(mediaPath));
        arguments.Add("-i");
        arguments.Add(mediaPath);
        inputs.Add(mediaPath);
        return this;
    }

    public IReadOnlyList<string> ToList() => [.. arguments];

    /// <summary><paramref name="text"/> with every input shown as <see cref="MediaLocation.Describe"/> does and secrets redacted.</summary>
    public string Redact(string text)
    {
        foreach (var input in inputs)
        {
            text = MediaLocation.RedactIn(text, input);
        }

        return inputs.Count == 0 ? SecretRedactor.Redact(text) : text;
    }
}
