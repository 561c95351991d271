using System.Text.Json.Nodes;

namespace Lifestream.LocalAws.Terraform;

/// <summary>A <c>variable</c> block: its default (if any) and its validation rules as written.</summary>
public sealed record TerraformVariable(
    string Name,
    bool HasDefault,
    JsonNode? Default,
    IReadOnlyList<TerraformValidation> Validations);

/// <summary>One <c>validation</c> block; <see cref="Condition"/> is the unevaluated expression text.</summary>
public sealed record TerraformValidation(string Condition, string ErrorMessage);
