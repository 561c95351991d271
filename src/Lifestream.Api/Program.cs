using Lifestream.Core.Configuration;
using Lifestream.Api;
using Lifestream.Aws.Clients;
using Lifestream.Core.Dispatching;

// The API host: settings from the environment, AWS clients from the default chain (or AWS_ENDPOINT_URL*),
// Kestrel on ASPNETCORE_URLS (the Lambda Web Adapter forwards API Gateway's requests to it).
var settings = ApiSettings.FromEnvironment(EnvironmentReader.FromProcess());
var app = ApiHost.Build(settings, ApiPorts.Create(AwsClientFactory.FromEnvironment(), settings));
await app.RunAsync();
