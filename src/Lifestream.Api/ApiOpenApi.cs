using System.Text.Json.Nodes;
using Lifestream.Core.Jobs;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Lifestream.Api;

/// <summary>The served OpenAPI document (docs/api/openapi.json is the checked-in copy; a test fails when they drift).</summary>
internal static class ApiOpenApi
{
    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new Microsoft.OpenApi.OpenApiInfo
            {
                Title = "Lifestream upload API",
                Version = "v1",
                Description = "Presigned upload, confirm, job status, results and deletion. Errors are RFC 9457 problem details whose type is urn:lifestream:problem:<slug> (docs/api.md).",
            };

            // The server URL would be the requesting host: the document must not depend on where it was served.
            document.Servers = [];
            return Task.CompletedTask;
        });

        // A job's status is one of the wire names of JobStatus; clients must know every terminal one (rejected too).
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonTypeInfo.Type == typeof(JobResponse)
                && schema.Properties is { } properties
                && properties.TryGetValue("status", out var status)
                && status is OpenApiSchema statusSchema)
            {
                statusSchema.Enum = [.. Enum.GetValues<JobStatus>().Select(value => (JsonNode)JsonValue.Create(value.ToWire()))];
            }

            return Task.CompletedTask;
        });
    }
}
