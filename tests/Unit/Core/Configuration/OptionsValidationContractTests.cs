using System.Reflection;
using Lifestream.Core.Configuration;
using Lifestream.Tests.Unit.Infrastructure;

namespace Lifestream.Tests.Unit.Core.Configuration;

/// <summary>
/// Options validate one way: they list every problem (<see cref="IValidatedOptions.GetProblems"/>) and the
/// consuming component throws its own exception through <see cref="OptionsValidation"/>; no options or settings type
/// throws from a validation method of its own.
/// </summary>
public sealed class OptionsValidationContractTests
{
    private static readonly string[] OtherIdiomMethodNames = ["Validate", "EnsureValid", "ThrowIfInvalid", "Check", "Verify"];

    private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;

    [Fact]
    public void The_source_assemblies_are_found()
    {
        Assert.Contains(typeof(IValidatedOptions).Assembly, SourceAssemblies.All);
        Assert.Contains(SourceAssemblies.Types, t => t.Name == "VadOptions");
    }

    [Fact]
    public void Every_type_that_lists_problems_implements_the_one_validation_contract()
    {
        var offenders = SourceAssemblies.Types
            .Where(t => t.GetMethod(nameof(IValidatedOptions.GetProblems), Declared, Type.EmptyTypes) is not null)
            .Where(t => !typeof(IValidatedOptions).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void No_options_or_settings_type_validates_by_throwing_from_a_method_of_its_own()
    {
        var offenders = SourceAssemblies.Types
            .Where(t => t.Name.EndsWith("Options", StringComparison.Ordinal) || t.Name.EndsWith("Settings", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(Declared).Where(m => OtherIdiomMethodNames.Contains(m.Name, StringComparer.Ordinal)).Select(m => $"{t.FullName}.{m.Name}"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void The_converted_pipeline_options_report_every_problem_at_once()
    {
        var vad = new Lifestream.Pipeline.Vad.VadOptions { Threshold = 2, MaxRegionSeconds = 1 };
        var scenes = new Lifestream.Pipeline.Scenes.SceneAnalyzerOptions
        {
            EffectiveWidth = 1,
            Content = new Lifestream.Pipeline.Scenes.ContentDetectorOptions { Threshold = 0 },
        };

        var ex = Assert.Throws<ArgumentException>(() => vad.ThrowIfInvalidArgument());

        Assert.Contains("VadOptions.Threshold", ex.Message, StringComparison.Ordinal);
        Assert.Contains("VadOptions.MaxRegionSeconds", ex.Message, StringComparison.Ordinal);
        Assert.Equal(
            ["SceneAnalyzerOptions.EffectiveWidth", "ContentDetectorOptions.Threshold"],
            scenes.GetProblems().Select(p => p[..p.IndexOf(' ', StringComparison.Ordinal)]));
    }
}
