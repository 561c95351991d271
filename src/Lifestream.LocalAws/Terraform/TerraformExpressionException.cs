namespace Lifestream.LocalAws.Terraform;

/// <summary>
/// An expression uses more than the supported subset (see <see cref="TerraformExpressionResolver"/>), or
/// refers to a variable without a value.
/// </summary>
public sealed class TerraformExpressionException : Exception
{
    public TerraformExpressionException()
    {
    }

    public TerraformExpressionException(string message)
        : base(message)
    {
    }

    public TerraformExpressionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
