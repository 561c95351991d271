using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Lifestream.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Lifestream.Tests;

/// <summary>The API on real Kestrel at a free loopback port, with its log lines captured for secret checks.</summary>
internal sealed class ApiTestHost : IAsyncDisposable
{
    private readonly WebApplication app;

    private ApiTestHost(WebApplication app, Uri address, ConcurrentQueue<string> logs)
    {
        this.app = app;
        Address = address;
        Logs = logs;
        Client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public ConcurrentQueue<string> Logs { get; }

    public static async Task<ApiTestHost> StartAsync(ApiSettings settings, ApiPorts ports)
    {
        var logs = new ConcurrentQueue<string>();
        var app = ApiHost.Build(settings, ports, "http://127.0.0.1:0", logging => logging.ClearProviders().AddProvider(new CapturingLoggerProvider(logs)).SetMinimumLevel(LogLevel.Debug));
        await app.StartAsync();
        var address = new Uri(app.Urls.First(u => u.StartsWith("http://127.0.0.1:", StringComparison.Ordinal)));
        return new ApiTestHost(app, address, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
        }
    }
}

/// <summary>A local token issuer: an RSA key published as a JWKS file, and tokens signed with it.</summary>
internal sealed class TestTokenIssuer : IDisposable
{
    public const string Issuer = "https://issuer.test/";
    public const string Audience = "lifestream-api";

    private readonly RSA rsa = RSA.Create(2048);
    private readonly RsaSecurityKey key;

    public TestTokenIssuer()
    {
        key = new RsaSecurityKey(rsa) { KeyId = "test-key" };
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = "test-key" });
        JwksFile = Path.Combine(Path.GetTempPath(), $"lifestream-jwks-{Guid.NewGuid():N}.json");
        File.WriteAllText(JwksFile, JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } }));
    }

    public string JwksFile { get; }

    public string Token(string subject, string audience = Audience, string issuer = Issuer, TimeSpan? lifetime = null, RsaSecurityKey? signWith = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromMinutes(10));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            NotBefore = expires < now ? expires.AddMinutes(-5) : now.AddSeconds(-5),
            IssuedAt = expires < now ? expires.AddMinutes(-5) : now,
            Expires = expires,
            SigningCredentials = new SigningCredentials(signWith ?? key, SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose()
    {
        rsa.Dispose();
        File.Delete(JwksFile);
    }
}
