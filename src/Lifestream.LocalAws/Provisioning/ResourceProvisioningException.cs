namespace Lifestream.LocalAws.Provisioning;

/// <summary>An emulator refused or never finished creating a resource the module declares.</summary>
public sealed class ResourceProvisioningException : Exception
{
    public ResourceProvisioningException()
    {
    }

    public ResourceProvisioningException(string message)
        : base(message)
    {
    }

    public ResourceProvisioningException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
