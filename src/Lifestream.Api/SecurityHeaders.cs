namespace Lifestream.Api;

/// <summary>
/// Headers on every response: no MIME sniffing, no referrer (presigned redirects must not leak into Referer),
/// no caching of API answers unless an endpoint says otherwise; the web app's pages get a strict CSP without
/// inline script, framing forbidden.
/// </summary>
internal static class SecurityHeaders
{
    /// <summary>
    /// The web app's policy: its own scripts and styles only, media, images and fetches also from the storage
    /// origin the presigned URLs point at. CloudFront's response headers policy (terraform/site.tf) sends the same.
    /// </summary>
    public static string ContentSecurityPolicy(string? storageOrigin)
    {
        var storage = storageOrigin is { } origin ? " " + origin : string.Empty;
        return $"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:{storage}; media-src 'self' blob:{storage}; "
            + $"connect-src 'self'{storage}; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    public static Func<HttpContext, RequestDelegate, Task> Apply(ApiSettings settings)
    {
        var csp = ContentSecurityPolicy(settings.StorageOrigin);
        return (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.Path.StartsWithSegments(ApiRoutes.Prefix, StringComparison.Ordinal))
            {
                headers.CacheControl = "no-store";
            }
            else
            {
                headers.ContentSecurityPolicy = csp;
                headers.XFrameOptions = "DENY";
            }

            return next(context);
        };
    }
}
