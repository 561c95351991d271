using Lifestream.LocalAws;
using Lifestream.LocalAws.Deployment;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Cli.Local;

/// <summary>Joins the stack a `lifestream local up` runs (no worker: that one runs in the `up` process).</summary>
public static class LocalConnection
{
    public static async Task<LocalDeployment> OpenAsync(CancellationToken cancellationToken)
    {
        var state = LocalStackState.Require();
        var stack = LocalAwsStack.Connect(state.Endpoints);
        return await LocalDeployment.StartAsync(new LocalDeploymentOptions { EnvName = state.EnvName }, NullLoggerFactory.Instance, cancellationToken, stack).ConfigureAwait(false);
    }
}
