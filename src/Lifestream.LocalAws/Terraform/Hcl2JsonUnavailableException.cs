namespace Lifestream.LocalAws.Terraform;

/// <summary>node or the npm-installed @cdktf/hcl2json needed to read the Terraform module is missing.</summary>
public sealed class Hcl2JsonUnavailableException : Exception
{
    public Hcl2JsonUnavailableException()
    {
    }

    public Hcl2JsonUnavailableException(string message)
        : base(message)
    {
    }

    public Hcl2JsonUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
