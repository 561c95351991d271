using System.Globalization;

namespace Lifestream.Core.Configuration;

/// <summary>
/// The one way hosts read settings from environment variables: every accessor records what is wrong with its
/// variable instead of stopping at the first problem, so a host reports all missing or invalid settings in one
/// error (<see cref="ThrowIfInvalid"/>). Values are trimmed; empty or whitespace-only counts as not set. A problem
/// starts with the variable's name and the value it had: "NAME 'value' must be …".
/// </summary>
public sealed class EnvironmentReader
{
    private readonly Func<string, string?> lookup;
    private readonly List<string> problems = [];

    public EnvironmentReader(Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        this.lookup = lookup;
    }

    public IReadOnlyList<string> Problems => problems;

    /// <summary>The raw lookup, for adapters that read further variables (endpoints, region).</summary>
    public Func<string, string?> Lookup => lookup;

    public static EnvironmentReader FromProcess() => new(Environment.GetEnvironmentVariable);

    public static EnvironmentReader FromDictionary(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new(name => environment.TryGetValue(name, out var value) ? value : null);
    }

    public string? Optional(string name)
    {
        var value = lookup(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    /// <summary>The value exactly as set (not trimmed: S3 keys may begin or end with spaces); null when unset or empty.</summary>
    public string? Untrimmed(string name) => lookup(name) is { Length: > 0 } value ? value : null;

    /// <summary>The value, or an empty string after recording that it is missing.</summary>
    public string Required(string name)
    {
        var value = Optional(name);
        if (value is null)
        {
            problems.Add($"{name} is required but not set.");
            return string.Empty;
        }

        return value;
    }

    /// <summary>A whole number in [<paramref name="min"/>, <paramref name="max"/>]; null when unset (recorded if <paramref name="required"/>) or invalid (recorded).</summary>
    public int? Int32OrNull(string name, int min, int max, bool required = false) =>
        Int64OrNull(name, min, max, required) is { } value ? (int)value : null;

    public long? Int64OrNull(string name, long min, long max, bool required = false)
    {
        var raw = required ? NullIfEmpty(Required(name)) : Optional(name);
        if (raw is null)
        {
            return null;
        }

        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add($"{name} '{raw}' must be a whole number from {min} to {max}.");
            return null;
        }

        return value;
    }

    /// <summary><see cref="Int32OrNull"/> with a default for unset or invalid values.</summary>
    public int Int32Setting(string name, int defaultValue, int min, int max) => Int32OrNull(name, min, max) ?? defaultValue;

    /// <summary>true/false, 1/0, yes/no (any case); null when unset or invalid (recorded).</summary>
    public bool? Boolean(string name)
    {
        var raw = Optional(name);
        switch (raw?.ToLowerInvariant())
        {
            case null:
                return null;
            case "true" or "1" or "yes":
                return true;
            case "false" or "0" or "no":
                return false;
            default:
                problems.Add($"{name} '{raw}' must be true or false.");
                return null;
        }
    }

    /// <summary>Comma-separated list; empty entries dropped.</summary>
    public IReadOnlyList<string> List(string name, bool required)
    {
        var raw = required ? Required(name) : Optional(name);
        if (string.IsNullOrEmpty(raw))
        {
            return [];
        }

        var items = raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (items.Length == 0 && required)
        {
            problems.Add($"{name} must list at least one value (comma-separated).");
        }

        return items;
    }

    /// <summary>One of <paramref name="allowed"/> (exact spelling); the default when unset or invalid (recorded).</summary>
    public string OneOf(string name, string defaultValue, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        return Choice(name, defaultValue, allowed.ToDictionary(a => a, a => a, StringComparer.Ordinal));
    }

    /// <summary>The value <paramref name="choices"/> maps the setting to (using the dictionary's comparer); the default when unset or invalid (recorded).</summary>
    public T Choice<T>(string name, T defaultValue, IReadOnlyDictionary<string, T> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var raw = Optional(name);
        if (raw is null)
        {
            return defaultValue;
        }

        if (!choices.TryGetValue(raw, out var value))
        {
            problems.Add($"{name} '{raw}' must be one of {string.Join(", ", choices.Keys)}.");
            return defaultValue;
        }

        return value;
    }

    public void AddProblem(string problem) => problems.Add(problem);

    /// <summary>Adds problems found by an options object's own validation.</summary>
    public void AddProblems(IEnumerable<string> more) => problems.AddRange(more);

    /// <summary>Throws the host's exception (built by <paramref name="createException"/>) listing every problem collected so far.</summary>
    public void ThrowIfInvalid(Func<IReadOnlyList<string>, Exception> createException)
    {
        ArgumentNullException.ThrowIfNull(createException);
        if (problems.Count > 0)
        {
            throw createException([.. problems]);
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
