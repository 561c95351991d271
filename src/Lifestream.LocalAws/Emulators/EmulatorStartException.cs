namespace Lifestream.LocalAws.Emulators;

/// <summary>An emulator could not be started or never became healthy.</summary>
public sealed class EmulatorStartException : Exception
{
    public EmulatorStartException()
    {
    }

    public EmulatorStartException(string message)
        : base(message)
    {
    }

    public EmulatorStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
