using Lifestream.Core.Configuration;

namespace Lifestream.Tests.Unit.Core.Configuration;

public sealed class OptionsValidationTests
{
    private sealed record SampleOptions(params string[] Problems) : IValidatedOptions
    {
        public IReadOnlyList<string> GetProblems() => Problems;
    }

    private sealed class SampleException(IReadOnlyList<string> problems) : Exception(string.Join("|", problems))
    {
        public IReadOnlyList<string> Problems { get; } = problems;
    }

    [Fact]
    public void Valid_options_are_returned_unchanged()
    {
        var options = new SampleOptions();

        Assert.Same(options, options.ThrowIfInvalid(problems => new SampleException(problems)));
        Assert.Same(options, options.ThrowIfInvalidArgument());
    }

    [Fact]
    public void Invalid_options_throw_the_components_exception_with_every_problem()
    {
        var options = new SampleOptions("A must be set.", "B must be positive.");

        var ex = Assert.Throws<SampleException>(() => options.ThrowIfInvalid(problems => new SampleException(problems)));

        Assert.Equal(["A must be set.", "B must be positive."], ex.Problems);
    }

    [Fact]
    public void The_argument_form_names_every_problem_and_the_options_type()
    {
        var options = new SampleOptions("A must be set.", "B must be positive.");

        var ex = Assert.Throws<ArgumentException>(() => options.ThrowIfInvalidArgument());

        Assert.Contains("A must be set. B must be positive.", ex.Message, StringComparison.Ordinal);
        Assert.Equal(nameof(SampleOptions), ex.ParamName);
    }
}
