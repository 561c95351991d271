using System.Globalization;
using Amazon.DynamoDBv2.Model;

namespace Lifestream.Aws.Persistence;

/// <summary>Typed reads and writes of DynamoDB attribute values, shared by the item mappers.</summary>
internal static class DynamoAttributes
{
    /// <summary>UTC, fixed width, so that strings sort like instants (created_at is the GSI sort key).</summary>
    public const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    public static AttributeValue S(string value) => new() { S = value };

    public static AttributeValue N(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };

    public static AttributeValue N(double value) => new() { N = value.ToString("R", CultureInfo.InvariantCulture) };

    public static AttributeValue Timestamp(DateTimeOffset value) =>
        S(value.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture));

    public static void SetIfNotNull(Dictionary<string, AttributeValue> item, string name, string? value)
    {
        if (value is not null)
        {
            item[name] = S(value);
        }
    }

    public static string? OptionalString(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var value) && value.S is not null ? value.S : null;

    public static string RequiredString(Dictionary<string, AttributeValue> item, string name, Func<string, Exception> corrupt) =>
        OptionalString(item, name) ?? throw corrupt($"attribute '{name}' is missing or not a string");

    public static long? OptionalLong(Dictionary<string, AttributeValue> item, string name, Func<string, Exception> corrupt)
    {
        if (!item.TryGetValue(name, out var value) || value.N is null)
        {
            return null;
        }

        return long.TryParse(value.N, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw corrupt($"attribute '{name}' is not an integer ('{value.N}')");
    }

    public static DateTimeOffset RequiredTimestamp(Dictionary<string, AttributeValue> item, string name, Func<string, Exception> corrupt)
    {
        var raw = RequiredString(item, name, corrupt);
        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw corrupt($"attribute '{name}' is not a timestamp ('{raw}')");
    }
}
