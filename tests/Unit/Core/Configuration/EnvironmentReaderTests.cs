using Lifestream.Core.Configuration;

namespace Lifestream.Tests.Unit.Core.Configuration;

public sealed class EnvironmentReaderTests
{
    private static EnvironmentReader Reader(params (string Name, string? Value)[] variables) =>
        EnvironmentReader.FromDictionary(variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));

    [Fact]
    public void Every_problem_is_collected_and_thrown_together_in_the_hosts_exception()
    {
        var reader = Reader(("N", "x"), ("B", "maybe"), ("C", "purple"));

        _ = reader.Required("MISSING");
        _ = reader.Int32OrNull("N", 1, 10);
        _ = reader.Boolean("B");
        _ = reader.Choice("C", 0, new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["red"] = 1 });
        var ex = Assert.Throws<InvalidOperationException>(() => reader.ThrowIfInvalid(problems => new InvalidOperationException(string.Join("\n", problems))));

        Assert.Equal(4, reader.Problems.Count);
        foreach (var name in new[] { "MISSING", "N", "B", "C" })
        {
            Assert.Contains(reader.Problems, p => p.StartsWith(name + " ", StringComparison.Ordinal));
            Assert.Contains(name, ex.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_valid_environment_throws_nothing()
    {
        var reader = Reader(("A", " a "));

        Assert.Equal("a", reader.Required("A"));
        reader.ThrowIfInvalid(_ => new InvalidOperationException("unexpected"));
        Assert.Empty(reader.Problems);
    }

    [Fact]
    public void Values_are_trimmed_and_blank_counts_as_unset_except_when_read_untrimmed()
    {
        var reader = Reader(("BLANK", "   "), ("KEY", " uploads/a b.mp4 "));

        Assert.Null(reader.Optional("BLANK"));
        Assert.Equal("uploads/a b.mp4", reader.Optional("KEY"));
        Assert.Equal(" uploads/a b.mp4 ", reader.Untrimmed("KEY"));
        Assert.Null(reader.Untrimmed("UNSET"));
    }

    [Theory]
    [InlineData("5", 5)]
    [InlineData("0", null)]
    [InlineData("11", null)]
    [InlineData("-3", null)]
    [InlineData("+3", null)]
    [InlineData("3.0", null)]
    public void Whole_numbers_are_digits_within_the_range(string raw, int? expected)
    {
        var reader = Reader(("N", raw));

        Assert.Equal(expected, reader.Int32OrNull("N", 1, 10));
        Assert.Equal(expected is null ? 1 : 0, reader.Problems.Count);
        Assert.Equal(expected ?? 7, Reader(("N", raw)).Int32Setting("N", 7, 1, 10));
    }

    [Fact]
    public void A_required_number_that_is_unset_is_a_problem_an_optional_one_is_not()
    {
        var reader = Reader();

        Assert.Null(reader.Int32OrNull("OPTIONAL", 1, 10));
        Assert.Empty(reader.Problems);
        Assert.Null(reader.Int32OrNull("REQUIRED", 1, 10, required: true));
        Assert.Contains("REQUIRED is required", Assert.Single(reader.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("YES", true)]
    [InlineData("1", true)]
    [InlineData("False", false)]
    [InlineData("no", false)]
    [InlineData("0", false)]
    public void Booleans_accept_the_usual_spellings(string raw, bool expected) =>
        Assert.Equal(expected, Reader(("B", raw)).Boolean("B"));

    [Fact]
    public void OneOf_is_exact_and_lists_are_comma_separated()
    {
        var reader = Reader(("IP", "enabled"), ("L", " a, ,b "), ("EMPTY", ","));

        Assert.Equal("DISABLED", reader.OneOf("IP", "DISABLED", "ENABLED", "DISABLED"));
        Assert.Equal(["a", "b"], reader.List("L", required: true));
        Assert.Empty(reader.List("EMPTY", required: true));
        Assert.Equal(2, reader.Problems.Count);
    }
}
