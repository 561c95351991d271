using System.CommandLine;
using Lifestream.Cli;
using Lifestream.Cli.Commands;

// `lifestream`: local use of Lifestream. Thin: parse, wire, run; the logic lives in Core and LocalAws.
var root = new RootCommand("Lifestream: video → speakers, transcript, scenes, chapters and action items.");
root.Subcommands.Add(LocalCommands.Create());
root.Subcommands.Add(SubmitCommand.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(ResultsCommand.Create());

try
{
    return await root.Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (CliException ex)
{
    Console.Error.WriteLine($"lifestream: {ex.Message}");
    return 1;
}
