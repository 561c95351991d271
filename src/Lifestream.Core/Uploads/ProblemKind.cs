namespace Lifestream.Core.Uploads;

/// <summary>How a host should answer a failure (it picks the HTTP status; the core does not know HTTP).</summary>
public enum ProblemKind
{
    /// <summary>The request is malformed (400).</summary>
    BadRequest,

    /// <summary>The request is well-formed but its content is refused (422).</summary>
    Unprocessable,

    /// <summary>Nothing the caller may see exists under that id (404).</summary>
    NotFound,

    /// <summary>The resource is not in a state that allows the request (409).</summary>
    Conflict,

    /// <summary>A dependency failed; nothing was changed and the request may be retried (503).</summary>
    Unavailable,
}
