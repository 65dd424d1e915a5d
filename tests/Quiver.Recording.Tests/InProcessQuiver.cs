using System.Globalization;
using Quiver.Cli;

namespace Quiver.Recording.Tests;

/// <summary>The <c>quiver</c> command run in the test's process, with its output and errors captured.</summary>
internal static class InProcessQuiver
{
    public static (int ExitCode, string Output, string Errors) Run(params string[] args)
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var errors = new StringWriter(CultureInfo.InvariantCulture);
        var exitCode = QuiverCommand.Run(args, output, errors);
        return (exitCode, output.ToString(), errors.ToString());
    }
}
