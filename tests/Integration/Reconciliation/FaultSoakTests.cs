using Lifestream.LocalAws.Deployment;
using Lifestream.LocalAws.Faults;
using Lifestream.Tests.Integration.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Lifestream.Tests.Integration.Reconciliation;

/// <summary>
/// The seeded fault soak, small: 60 uploads on the real emulators and real processor processes, every fault kind
/// injected at least once. Nothing may be lost, run concurrently twice or published twice.
/// </summary>
[Collection(LocalAwsCollection.Name)]
public sealed class FaultSoakTests(LocalAwsFixture fixture)
{
    [Fact]
    public async Task Sixty_uploads_under_every_fault_all_end_terminal_with_no_duplicates()
    {
        var processor = LocalDeploymentOptions.ProcessorNextToApp() ?? throw new InvalidOperationException("Lifestream.Processor.Ecs.dll is not next to the tests.");
        using var output = new StringWriter();

        var report = await FaultSoak.RunAsync(
            new FaultSoakOptions { Uploads = 60, Seed = 7, ProcessorCommand = processor, DrainTimeout = TimeSpan.FromSeconds(90) },
            fixture.Stack,
            NullLoggerFactory.Instance,
            output,
            CancellationToken.None);

        var text = report.Format();
        Assert.All(Enum.GetValues<SoakFault>(), fault => Assert.True(report.FaultsInjected[fault] > 0, $"{fault} was never injected:\n{text}"));
        Assert.True(report.Lost == 0, text);
        Assert.True(report.ConcurrentDuplicateRuns == 0, text);
        Assert.True(report.DuplicatePublishedResults == 0, text);
        Assert.Equal(report.Jobs, report.JobsTerminal);
        Assert.EndsWith($"lost: 0{Environment.NewLine}concurrent duplicate runs: 0", text, StringComparison.Ordinal);
    }
}
