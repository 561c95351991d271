using System.Globalization;

namespace Lifestream.Core.Dispatching;

/// <summary>
/// Reads settings from environment variables and collects every problem instead of stopping at the first,
/// so a host can report all missing or invalid settings in one error.
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

    public string? Optional(string name)
    {
        var value = lookup(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

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

    public int Int32Setting(string name, int defaultValue, int min, int max)
    {
        var raw = Optional(name);
        if (raw is null)
        {
            return defaultValue;
        }

        if (!int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add($"{name} must be an integer between {min} and {max} (was '{raw}').");
            return defaultValue;
        }

        return value;
    }

    public long Int64Setting(string name, long defaultValue, long min, long max)
    {
        var raw = Optional(name);
        if (raw is null)
        {
            return defaultValue;
        }

        if (!long.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            problems.Add($"{name} must be an integer between {min} and {max} (was '{raw}').");
            return defaultValue;
        }

        return value;
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

    public string OneOf(string name, string defaultValue, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var raw = Optional(name);
        if (raw is null)
        {
            return defaultValue;
        }

        if (!allowed.Contains(raw, StringComparer.Ordinal))
        {
            problems.Add($"{name} must be one of {string.Join(", ", allowed)} (was '{raw}').");
            return defaultValue;
        }

        return raw;
    }

    /// <summary>Adds problems found by an options object's own validation.</summary>
    public void AddProblems(IEnumerable<string> more) => problems.AddRange(more);

    /// <summary>Throws <see cref="DispatcherConfigurationException"/> listing every problem collected so far.</summary>
    public void ThrowIfInvalid()
    {
        if (problems.Count > 0)
        {
            throw new DispatcherConfigurationException(problems);
        }
    }
}
