using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Uploads;

namespace Lifestream.Api;

/// <summary>How callers are identified.</summary>
public enum ApiAuthMode
{
    /// <summary>No authentication: every caller is the one local owner (loopback only; `lifestream local up`).</summary>
    None,

    /// <summary>Bearer JWTs validated by the app (issuer, audience, signature, lifetime); the owner is the <c>sub</c> claim.</summary>
    Jwt,
}

/// <summary>Settings of the API host, read once from the environment (every problem reported together).</summary>
public sealed record ApiSettings : IValidatedOptions
{
    public const string VideosBucketVariable = "VIDEOS_BUCKET";
    public const string JobsTableVariable = "JOBS_TABLE_NAME";
    public const string IdempotencyTableVariable = "IDEMPOTENCY_TABLE_NAME";
    public const string UploadsQueueUrlVariable = "UPLOADS_QUEUE_URL";
    public const string AuthVariable = "LIFESTREAM_API_AUTH";
    public const string JwtIssuerVariable = "LIFESTREAM_API_JWT_ISSUER";
    public const string JwtAudienceVariable = "LIFESTREAM_API_JWT_AUDIENCE";
    public const string JwtSigningKeysFileVariable = "LIFESTREAM_API_JWT_SIGNING_KEYS_FILE";
    public const string CorsOriginsVariable = "LIFESTREAM_API_CORS_ORIGINS";
    public const string SiteRootVariable = "LIFESTREAM_API_SITE_ROOT";
    public const string StorageOriginVariable = "LIFESTREAM_API_STORAGE_ORIGIN";
    public const string MultipartThresholdMbVariable = "LIFESTREAM_API_MULTIPART_THRESHOLD_MB";
    public const string PartSizeMbVariable = "LIFESTREAM_API_PART_SIZE_MB";

    /// <summary>The owner of every job when auth is off.</summary>
    public const string LocalOwner = "local";

    /// <summary>JSON bodies of this API are small; anything larger is refused before it is read.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    public required UploadApiOptions Uploads { get; init; }

    public required string JobsTableName { get; init; }

    public required string IdempotencyTableName { get; init; }

    public required string UploadsQueueUrl { get; init; }

    public ApiAuthMode Auth { get; init; } = ApiAuthMode.Jwt;

    public string? JwtIssuer { get; init; }

    public string? JwtAudience { get; init; }

    /// <summary>A JWKS document with the issuer's signing keys; when null they come from the issuer's OpenID discovery document.</summary>
    public string? JwtSigningKeysFile { get; init; }

    public IReadOnlyList<string> CorsOrigins { get; init; } = [];

    /// <summary>Static web app served on the same origin (index.html fallback outside /api).</summary>
    public string? SiteRoot { get; init; }

    /// <summary>Origin of presigned URLs (the S3 endpoint), allowed by the site's Content-Security-Policy.</summary>
    public string? StorageOrigin { get; init; }

    public static ApiSettings FromEnvironment(EnvironmentReader env)
    {
        ArgumentNullException.ThrowIfNull(env);
        const int mb = 1024 * 1024;
        var defaults = new UploadApiOptions { VideosBucket = "-" };
        var uploads = new UploadApiOptions
        {
            VideosBucket = env.Required(VideosBucketVariable),
            // The same object-size limit the dispatcher checks at HeadObject (LIFESTREAM_MAX_OBJECT_BYTES).
            MaxUploadBytes = UploadLimits.Read(env).MaxObjectBytes,
            MultipartThresholdBytes = (long)env.Int32Setting(MultipartThresholdMbVariable, (int)(defaults.MultipartThresholdBytes / mb), 5, 5 * 1024) * mb,
            PartSizeBytes = (long)env.Int32Setting(PartSizeMbVariable, (int)(defaults.PartSizeBytes / mb), 5, 5 * 1024) * mb,
        };
        env.AddProblems(uploads.GetProblems());
        var auth = env.OneOf(AuthVariable, "jwt", "jwt", "none") == "none" ? ApiAuthMode.None : ApiAuthMode.Jwt;
        var settings = new ApiSettings
        {
            Uploads = uploads,
            JobsTableName = env.Required(JobsTableVariable),
            IdempotencyTableName = env.Required(IdempotencyTableVariable),
            UploadsQueueUrl = env.Required(UploadsQueueUrlVariable),
            Auth = auth,
            JwtIssuer = auth == ApiAuthMode.Jwt ? env.Required(JwtIssuerVariable) : env.Optional(JwtIssuerVariable),
            JwtAudience = auth == ApiAuthMode.Jwt ? env.Required(JwtAudienceVariable) : env.Optional(JwtAudienceVariable),
            JwtSigningKeysFile = env.Optional(JwtSigningKeysFileVariable),
            CorsOrigins = env.List(CorsOriginsVariable, required: false),
            SiteRoot = env.Optional(SiteRootVariable),
            StorageOrigin = env.Optional(StorageOriginVariable),
        };
        env.AddProblems(settings.GetProblems());
        env.ThrowIfInvalid(problems => new DispatcherConfigurationException(problems));
        return settings;
    }

    public IReadOnlyList<string> GetProblems()
    {
        var problems = new List<string>();
        if (Auth == ApiAuthMode.Jwt && (string.IsNullOrWhiteSpace(JwtIssuer) || string.IsNullOrWhiteSpace(JwtAudience)))
        {
            problems.Add($"{JwtIssuerVariable} and {JwtAudienceVariable} are required when {AuthVariable}=jwt.");
        }

        if (JwtSigningKeysFile is not null && !File.Exists(JwtSigningKeysFile))
        {
            problems.Add($"{JwtSigningKeysFileVariable}='{JwtSigningKeysFile}' does not exist.");
        }

        foreach (var origin in CorsOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/" || origin.EndsWith('/'))
            {
                problems.Add($"{CorsOriginsVariable}: '{origin}' is not an origin (scheme://host[:port], no path).");
            }
        }

        if (SiteRoot is not null && !Directory.Exists(SiteRoot))
        {
            problems.Add($"{SiteRootVariable}='{SiteRoot}' is not a directory.");
        }

        return problems;
    }
}
