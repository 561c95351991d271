namespace Lifestream.Core.Retries;

/// <summary>
/// Names the <see cref="FailureCause"/> of exceptions a component owns (the pipeline knows which of its exceptions
/// mean unreadable media or a broken configuration; Core does not reference it). Null: not one of its exceptions.
/// </summary>
public interface IFailureClassifier
{
    FailureCause? Classify(Exception exception);
}
