using Quiver.Cli;

namespace Quiver.Cli.Tests;

/// <summary>Runs the <c>quiver</c> command line in-process, capturing what it prints.</summary>
internal static class CliRun
{
    public static (int ExitCode, string Output, string Errors) Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exitCode = QuiverCommand.Run(args, output, errors);
        return (exitCode, output.ToString().Replace("\r\n", "\n"), errors.ToString().Replace("\r\n", "\n"));
    }

    public static string Schemas => Path.Combine(Quiver.Tests.RepositoryRoot.Path, "schemas");
}
