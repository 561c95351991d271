using Lifestream.Api;
using Lifestream.Core.Uploads;
using Lifestream.LocalAws.Deployment;

namespace Lifestream.Cli.Local;

/// <summary>The upload API over a local deployment: its bucket, tables and queue, and its SDK clients.</summary>
internal static class LocalApi
{
    /// <summary>Loopback only: with auth off, anyone who can reach the port acts as the one local owner.</summary>
    public const string DefaultHost = "127.0.0.1";

    public const int DefaultPort = 8787;

    /// <summary>Where the build puts the web app next to the CLI (src/Lifestream.Web/dist, copied by the csproj).</summary>
    public static string BundledSiteRoot => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>The site `local up` serves: --site, else LIFESTREAM_API_SITE_ROOT, else the bundled web app when it was built.</summary>
    public static string? SiteRoot(string? option)
    {
        if (option is not null)
        {
            return option;
        }

        if (Environment.GetEnvironmentVariable(ApiSettings.SiteRootVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment;
        }

        return File.Exists(Path.Combine(BundledSiteRoot, "index.html")) ? BundledSiteRoot : null;
    }

    /// <summary>
    /// Settings for <paramref name="deployment"/>. With <paramref name="auth"/> = jwt the issuer, audience and
    /// (optionally) a JWKS file come from the LIFESTREAM_API_JWT_* variables, as in AWS.
    /// </summary>
    public static ApiSettings Settings(LocalDeployment deployment, ApiAuthMode auth, string? siteRoot = null)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        string? Env(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
        var s3 = deployment.Stack.Endpoints.S3;
        return new ApiSettings
        {
            Uploads = new UploadApiOptions { VideosBucket = deployment.Resources.VideosBucket.Name },
            JobsTableName = deployment.Resources.JobsTableName,
            IdempotencyTableName = deployment.Resources.IdempotencyTableName,
            UploadsQueueUrl = deployment.Resources.UploadsQueue.Url,
            Auth = auth,
            JwtIssuer = Env(ApiSettings.JwtIssuerVariable),
            JwtAudience = Env(ApiSettings.JwtAudienceVariable),
            JwtSigningKeysFile = Env(ApiSettings.JwtSigningKeysFileVariable),
            CorsOrigins = Env(ApiSettings.CorsOriginsVariable)?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? [],
            SiteRoot = siteRoot,
            StorageOrigin = s3 is null ? null : s3.GetLeftPart(UriPartial.Authority),
        };
    }

    public static ApiPorts Ports(LocalDeployment deployment, ApiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return ApiPorts.Create(deployment.S3, deployment.DynamoDb, deployment.Sqs, settings);
    }
}
