using System.Text.Json;
using Lifestream.Core.Configuration;
using Lifestream.Core.Uploads;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.IdentityModel.Tokens;

namespace Lifestream.Api;

/// <summary>
/// Builds the API's web application from settings and ports: the same composition serves the Lambda
/// (Kestrel behind the Lambda Web Adapter), `lifestream local up` (in-process, loopback) and the tests.
/// </summary>
public static class ApiHost
{
    public const string OwnerClaim = "sub";
    public const string CorsPolicy = "site";

    /// <param name="urls">Where Kestrel listens (e.g. <c>http://127.0.0.1:0</c>); null keeps ASPNETCORE_URLS / the default.</param>
    public static WebApplication Build(ApiSettings settings, ApiPorts ports, string? urls = null, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(ports);
        OptionsValidation.ThrowIfAnyInvalid(problems => new UploadApiConfigurationException(problems), settings, settings.Uploads);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(ApiHost).Assembly.GetName().Name });
        if (urls is not null)
        {
            builder.WebHost.UseUrls(urls);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = ApiSettings.MaxRequestBodyBytes;
        });
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging?.Invoke(builder.Logging);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(ports);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new UploadService(
            settings.Uploads, ports.Objects, ports.Storage, ports.Jobs, ports.Catalog, ports.Queue, TimeProvider.System, sp.GetRequiredService<ILogger<UploadService>>()));
        services.AddSingleton(sp => new UserJobService(
            settings.Uploads, ports.Objects, ports.Storage, ports.Jobs, ports.Catalog, ports.Claims, TimeProvider.System, sp.GetRequiredService<ILogger<UserJobService>>()));
        services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default);
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Customize);
        services.AddExceptionHandler<ApiProblems.ExceptionHandler>();
        services.AddOpenApi("v1", ApiOpenApi.Configure);
        services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
        {
            if (settings.CorsOrigins.Count > 0)
            {
                policy.WithOrigins([.. settings.CorsOrigins])
                    .WithMethods("GET", "POST", "DELETE")
                    .WithHeaders("Authorization", "Content-Type", "If-None-Match")
                    .WithExposedHeaders("ETag", "Location")
                    .SetPreflightMaxAge(TimeSpan.FromHours(1));
            }
        }));
        AddAuthentication(services, settings);

        var app = builder.Build();
        app.Lifetime.ApplicationStopped.Register(() =>
        {
            foreach (var owned in ports.Owned)
            {
                owned.Dispose();
            }
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.Use(SecurityHeaders.Apply(settings));
        app.UseCors(CorsPolicy);
        if (settings.SiteRoot is { } siteRoot)
        {
            var files = new PhysicalFileProvider(Path.GetFullPath(siteRoot));
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }

        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/healthz", () => TypedResults.Text("ok")).ExcludeFromDescription().AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        ApiEndpoints.Map(app, settings);
        if (settings.SiteRoot is { } root)
        {
            // The web app routes on the client; every non-API path that is not a file is its index page.
            app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = new PhysicalFileProvider(Path.GetFullPath(root)) }).AllowAnonymous();
        }

        return app;
    }

    private static void AddAuthentication(IServiceCollection services, ApiSettings settings)
    {
        services.AddAuthorization(auth =>
        {
            if (settings.Auth == ApiAuthMode.Jwt)
            {
                auth.AddPolicy(ApiEndpoints.CallerPolicy, p => p.AddAuthenticationSchemes(JwtBearerDefaults.AuthenticationScheme).RequireAuthenticatedUser().RequireClaim(OwnerClaim));
            }
            else
            {
                auth.AddPolicy(ApiEndpoints.CallerPolicy, p => p.RequireAssertion(_ => true));
            }
        });
        if (settings.Auth != ApiAuthMode.Jwt)
        {
            services.AddAuthentication();
            return;
        }

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(jwt =>
        {
            jwt.MapInboundClaims = false;
            jwt.RequireHttpsMetadata = settings.JwtIssuer!.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            var parameters = new TokenValidationParameters
            {
                ValidIssuer = settings.JwtIssuer,
                ValidateIssuer = true,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                ValidateIssuerSigningKey = true,
                ClockSkew = TimeSpan.FromSeconds(60),
                NameClaimType = OwnerClaim,

                // Checked in OnTokenValidated: Cognito access tokens carry the app client in client_id, not aud
                // (API Gateway's JWT authorizer accepts either, and so does the app).
                ValidateAudience = false,
            };
            if (settings.JwtSigningKeysFile is { } keysFile)
            {
                parameters.IssuerSigningKeys = new JsonWebKeySet(File.ReadAllText(keysFile)).GetSigningKeys();
            }
            else
            {
                jwt.Authority = settings.JwtIssuer;
            }

            jwt.TokenValidationParameters = parameters;
            jwt.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    var principal = context.Principal;
                    var audiences = principal?.FindAll("aud").Concat(principal.FindAll("client_id")).Select(c => c.Value) ?? [];
                    var accepted = settings.JwtAudience!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                    if (!audiences.Any(a => accepted.Contains(a, StringComparer.Ordinal)))
                    {
                        context.Fail("The token is not for this audience.");
                    }

                    return Task.CompletedTask;
                },
                OnChallenge = async context =>
                {
                    context.HandleResponse();
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                    await ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "unauthorized", "Authentication is required.", "Send a valid bearer token in the Authorization header.").ConfigureAwait(false);
                },
                OnForbidden = context => ApiProblems.WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "forbidden", "The token does not allow this.", "The token lacks a subject."),
            };
        });
    }
}
