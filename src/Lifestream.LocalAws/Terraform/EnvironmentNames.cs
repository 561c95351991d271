using System.Text.RegularExpressions;

namespace Lifestream.LocalAws.Terraform;

/// <summary>
/// The rule for <c>var.env_name</c> (terraform/variables.tf states the same regex; a contract test compares them):
/// it becomes part of every resource name, including the globally named S3 bucket.
/// </summary>
public static partial class EnvironmentNames
{
    public const string Pattern = "^[a-z][a-z0-9-]{0,22}[a-z0-9]$";

    /// <summary>The environment name the local stack uses by default.</summary>
    public const string Local = "local";

    public static bool IsValid(string? envName) => envName is not null && EnvNamePattern().IsMatch(envName);

    /// <summary>Throws <see cref="ArgumentException"/> naming the rule when <paramref name="envName"/> breaks it.</summary>
    public static void Validate(string envName, string parameterName)
    {
        if (!IsValid(envName))
        {
            throw new ArgumentException(
                $"Environment name '{envName}' is invalid: use 2-24 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen ({Pattern}).",
                parameterName);
        }
    }

    /// <summary>A fresh name for an isolated set of resources (e.g. one per test): "t" plus 12 hex digits.</summary>
    public static string NewUnique() => "t" + Guid.NewGuid().ToString("N")[..12];

    [GeneratedRegex(Pattern)]
    private static partial Regex EnvNamePattern();
}
