namespace Lifestream.Tests.Unit.Infrastructure;

/// <summary>
/// The job domain (Lifestream.Core) and its hosts stay apart from the media/ML pipeline: the dispatcher Lambda
/// package must not carry Whisper, ONNX Runtime or Skia, and the processor image no evaluation code.
/// </summary>
public sealed class ProjectBoundaryTests
{
    [Fact]
    public void Core_references_no_project_and_no_package_but_logging_abstractions()
    {
        Assert.Equal(["Lifestream.Core"], RepositoryProjects.ClosureNames("Lifestream.Core"));
        Assert.Equal(["Microsoft.Extensions.Logging.Abstractions"], RepositoryProjects.PackageReferences("Lifestream.Core"));
    }

    [Theory]
    [InlineData("Lifestream.Dispatcher.Lambda")]
    [InlineData("Lifestream.Aws")]
    public void Dispatcher_side_projects_do_not_reference_the_pipeline(string project)
    {
        var closure = RepositoryProjects.ClosureNames(project);

        Assert.Contains("Lifestream.Core", closure);
        Assert.DoesNotContain("Lifestream.Pipeline", closure);
        Assert.DoesNotContain("Lifestream.Evaluation", closure);
    }

    [Fact]
    public void The_processor_host_runs_the_pipeline_without_the_evaluation_code()
    {
        var closure = RepositoryProjects.ClosureNames("Lifestream.Processor.Ecs");

        Assert.Contains("Lifestream.Pipeline", closure);
        Assert.DoesNotContain("Lifestream.Evaluation", closure);
    }

    [Fact]
    public void The_ml_and_media_packages_live_in_the_pipeline_project()
    {
        var packages = RepositoryProjects.PackageReferences("Lifestream.Pipeline");

        Assert.Subset(packages.ToHashSet(StringComparer.Ordinal), new HashSet<string>(StringComparer.Ordinal) { "FFMpegCore", "Microsoft.ML.OnnxRuntime", "Whisper.net", "Whisper.net.Runtime", "ScottPlot" });
    }
}
