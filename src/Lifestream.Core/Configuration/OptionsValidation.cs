namespace Lifestream.Core.Configuration;

/// <summary>Throws the consuming component's exception for options that have problems (see <see cref="IValidatedOptions"/>).</summary>
public static class OptionsValidation
{
    /// <summary>Returns <paramref name="options"/> when valid; otherwise throws the exception <paramref name="createException"/> builds from every problem.</summary>
    public static T ThrowIfInvalid<T>(this T options, Func<IReadOnlyList<string>, Exception> createException)
        where T : IValidatedOptions
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(createException);
        var problems = options.GetProblems();
        return problems.Count == 0 ? options : throw createException(problems);
    }

    /// <summary>Throws the exception <paramref name="createException"/> builds from the problems of all <paramref name="options"/> together.</summary>
    public static void ThrowIfAnyInvalid(Func<IReadOnlyList<string>, Exception> createException, params IValidatedOptions[] options)
    {
        ArgumentNullException.ThrowIfNull(createException);
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.SelectMany(o => o.GetProblems()).ToList();
        if (problems.Count > 0)
        {
            throw createException(problems);
        }
    }

    /// <summary>
    /// <see cref="ThrowIfInvalid{T}"/> with an <see cref="ArgumentException"/> listing every problem: for options passed
    /// to a constructor, where the options are the invalid argument.
    /// </summary>
    public static T ThrowIfInvalidArgument<T>(this T options, string? paramName = null)
        where T : IValidatedOptions =>
        options.ThrowIfInvalid(problems => new ArgumentException(string.Join(" ", problems), paramName ?? typeof(T).Name));
}
