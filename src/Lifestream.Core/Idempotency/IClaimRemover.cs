namespace Lifestream.Core.Idempotency;

/// <summary>Removes the claim of an object version whose job was deleted, so a re-upload of it is processed again.</summary>
public interface IClaimRemover
{
    /// <summary>Deletes the claim; an absent claim is not an error.</summary>
    Task DeleteAsync(IdempotencyKey key, CancellationToken cancellationToken);
}
