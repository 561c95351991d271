using Lifestream.Pipeline.Model;

namespace Lifestream.Evaluation;

/// <summary>
/// A diarization test set on disk, as NIST tools read one: a multi-file reference RTTM, an optional UEM of the
/// scored regions, and one audio file per file id (<c>&lt;id&gt;.wav</c>, or any other extension ffmpeg reads).
/// </summary>
public sealed record DiarizationCorpus(
    string Directory,
    IReadOnlyDictionary<string, IReadOnlyList<SpeakerTurn>> Reference,
    IReadOnlyDictionary<string, IReadOnlyList<TimeRange>>? Scored,
    IReadOnlyDictionary<string, string> Audio)
{
    /// <summary>File ids in ordinal order: those of the UEM when there is one, else those of the reference.</summary>
    public IReadOnlyList<string> FileIds => (Scored?.Keys ?? Reference.Keys).Order(StringComparer.Ordinal).ToList();

    /// <param name="directory">Folder holding the audio files (and, by default, the one .rttm and the one .uem).</param>
    /// <param name="rttmPath">Reference RTTM; default: the only *.rttm in <paramref name="directory"/>.</param>
    /// <param name="uemPath">UEM; default: the only *.uem in <paramref name="directory"/>, if any (else the reference span is scored).</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">No (or more than one) reference RTTM, or a file id has no audio file.</exception>
    public static async Task<DiarizationCorpus> LoadAsync(string directory, string? rttmPath, string? uemPath, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Diarization corpus not found: folder '{directory}' does not exist.");
        }

        rttmPath ??= SingleFile(directory, "*.rttm", required: true);
        uemPath ??= SingleFile(directory, "*.uem", required: false);
        if (!File.Exists(rttmPath))
        {
            throw new FileNotFoundException($"Reference RTTM not found: '{rttmPath}'.", rttmPath);
        }

        if (uemPath is not null && !File.Exists(uemPath))
        {
            throw new FileNotFoundException($"UEM not found: '{uemPath}'.", uemPath);
        }

        var reference = Rttm.ParseFiles(await File.ReadAllTextAsync(rttmPath, cancellationToken));
        var scored = uemPath is null ? null : Uem.Parse(await File.ReadAllTextAsync(uemPath, cancellationToken));
        var audio = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var id in (scored?.Keys ?? reference.Keys).Order(StringComparer.Ordinal))
        {
            audio[id] = AudioFile(directory, id);
        }

        return new DiarizationCorpus(directory, reference, scored, audio);
    }

    public IReadOnlyList<SpeakerTurn> ReferenceOf(string fileId) => Reference.TryGetValue(fileId, out var turns) ? turns : [];

    /// <summary>The UEM regions of the file; null (the reference span is scored) without a UEM.</summary>
    public IReadOnlyList<TimeRange>? ScoredOf(string fileId) => Scored is null ? null : Scored.TryGetValue(fileId, out var regions) ? regions : [];

    private static string? SingleFile(string directory, string pattern, bool required)
    {
        var found = System.IO.Directory.GetFiles(directory, pattern);
        return found.Length switch
        {
            1 => found[0],
            0 when !required => null,
            0 => throw new FileNotFoundException($"No reference RTTM ({pattern}) in '{directory}': name one."),
            _ => throw new FileNotFoundException($"Several {pattern} files in '{directory}' ({string.Join(", ", found.Select(Path.GetFileName))}): name one."),
        };
    }

    private static string AudioFile(string directory, string id)
    {
        var wav = Path.Combine(directory, id + ".wav");
        if (File.Exists(wav))
        {
            return wav;
        }

        var other = System.IO.Directory.GetFiles(directory, id + ".*").Where(f => !f.EndsWith(".rttm", StringComparison.OrdinalIgnoreCase) && !f.EndsWith(".uem", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault();
        return other ?? throw new FileNotFoundException($"No audio file for '{id}' in '{directory}' (expected {id}.wav).", wav);
    }
}
