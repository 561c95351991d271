namespace Lifestream.Core.Uploads;

/// <summary>The job succeeded but has no such document.</summary>
public sealed class DocumentNotFoundException(string name)
    : UploadApiException("document-not-found", "No such document.", ProblemKind.NotFound, $"The job has no document '{name}'.");
