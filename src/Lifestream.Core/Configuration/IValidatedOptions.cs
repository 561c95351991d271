namespace Lifestream.Core.Configuration;

/// <summary>
/// The one way options types validate themselves: they list every problem at once (each naming its setting) and
/// leave throwing to the component that consumes them (<see cref="OptionsValidation.ThrowIfInvalid{T}"/>), so a
/// host reports all problems in one error with its own precise exception.
/// </summary>
public interface IValidatedOptions
{
    /// <summary>Every problem with these options, each naming the setting; empty when valid.</summary>
    IReadOnlyList<string> GetProblems();
}
