using Lifestream.LocalAws.Terraform;

namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>The env-name rule in C# is the one terraform/variables.tf validates.</summary>
public sealed class EnvironmentNameContractTests
{
    [Fact]
    public async Task Terraform_validates_env_name_with_the_same_pattern()
    {
        var module = await RepositoryTerraformModule.GetAsync();
        var envName = module.Variables["env_name"];

        Assert.False(envName.HasDefault);
        Assert.Contains(envName.Validations, v => v.Condition.Contains($"regex(\"{EnvironmentNames.Pattern}\", var.env_name)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("local", true)]
    [InlineData("dev", true)]
    [InlineData("t0123456789ab", true)]
    [InlineData("a", false)]
    [InlineData("Local", false)]
    [InlineData("1dev", false)]
    [InlineData("dev-", false)]
    [InlineData("dev_1", false)]
    [InlineData("abcdefghijklmnopqrstuvwxy", false)]
    public void Names_are_checked_against_the_rule(string name, bool valid) =>
        Assert.Equal(valid, EnvironmentNames.IsValid(name));

    [Fact]
    public void Unique_names_are_valid_and_distinct()
    {
        var names = Enumerable.Range(0, 50).Select(_ => EnvironmentNames.NewUnique()).ToList();

        Assert.All(names, n => Assert.True(EnvironmentNames.IsValid(n), n));
        Assert.Equal(names.Count, names.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task An_invalid_env_name_is_rejected_before_anything_is_read()
    {
        var module = await RepositoryTerraformModule.GetAsync();

        var error = Assert.Throws<ArgumentException>(() => LocalResourceDefinitionReader.Read(module, "Bad_Name"));
        Assert.Contains("Bad_Name", error.Message, StringComparison.Ordinal);
    }
}
