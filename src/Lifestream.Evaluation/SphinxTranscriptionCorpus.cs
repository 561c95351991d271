namespace Lifestream.Evaluation;

/// <summary>
/// A CMU Sphinx test set: a <c>transcription</c> file with lines <c>&lt;s&gt; words &lt;/s&gt; (utterance-id)</c> next to
/// <c>utterance-id.wav</c> files (e.g. Debian pocketsphinx-testdata's librivox folder).
/// </summary>
public static class SphinxTranscriptionCorpus
{
    public const string DebianLibrivoxDirectory = "/usr/share/pocketsphinx/test/data/librivox";

    public static async Task<IReadOnlyList<(string Id, string WavPath, string Reference)>> LoadAsync(string directory, CancellationToken cancellationToken)
    {
        var transcription = Path.Combine(directory, "transcription");
        if (!File.Exists(transcription))
        {
            throw new FileNotFoundException($"No Sphinx 'transcription' file in '{directory}'.", transcription);
        }

        var items = new List<(string, string, string)>();
        foreach (var line in await File.ReadAllLinesAsync(transcription, cancellationToken))
        {
            var open = line.LastIndexOf('(');
            var close = line.LastIndexOf(')');
            if (open < 0 || close < open)
            {
                continue;
            }

            var id = line[(open + 1)..close].Trim();
            var text = line[..open].Replace("<s>", " ", StringComparison.Ordinal).Replace("</s>", " ", StringComparison.Ordinal).Trim();
            items.Add((id, Path.Combine(directory, id + ".wav"), text));
        }

        return items;
    }
}
