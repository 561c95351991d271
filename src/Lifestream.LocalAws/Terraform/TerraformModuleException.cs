namespace Lifestream.LocalAws.Terraform;

/// <summary>The Terraform module does not parse, or lacks / misshapes something the reader needs.</summary>
public sealed class TerraformModuleException : Exception
{
    public TerraformModuleException()
    {
    }

    public TerraformModuleException(string message)
        : base(message)
    {
    }

    public TerraformModuleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
