using System.CommandLine;
using System.CommandLine.Parsing;

namespace Quiver.Cli;

/// <summary>
/// The <c>quiver</c> command line: the root lists one command per line; each command lives in its
/// own file with a <c>Create()</c> factory returning its System.CommandLine <see cref="Command"/>.
/// Parse errors print <c>quiver: problem</c> and exit with <see cref="ExitCodes.UsageError"/>.
/// </summary>
public static class QuiverCommand
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Quiver: typed, zero-copy messaging between processes. Generates code from .quiver schemas and inspects live topics.")
        {
            GenCommand.Create(),
            TopicsCommand.Create(),
            InfoCommand.Create(),
            EchoCommand.Create(),
            HzCommand.Create(),
            BwCommand.Create(),
            RecordCommand.Create(),
            InspectCommand.Create(),
            PlayCommand.Create(),
            SqlCommand.Create(),
            BridgeCommand.Create(),
        };
        // The same name in help however the command was started (the tool, dotnet quiver.dll, a test host).
        root.HelpName = "quiver";
        CommandExamples.ShowInHelp(root);
        return root.WithExamples(
            "quiver gen python schemas -o generated/python",
            "quiver gen --help");
    }

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        var parsed = Create().Parse(args);
        if (parsed.Errors.Count > 0 && parsed.Action is not { ClearsParseErrors: true })
        {
            foreach (var error in parsed.Errors)
                errors.WriteLine("quiver: " + error.Message);
            errors.WriteLine($"Run '{CommandPath(parsed.CommandResult)} --help' for usage and examples.");
            return ExitCodes.UsageError;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = errors, EnableDefaultExceptionHandler = false });
        }
        catch (CommandFailure failure)
        {
            errors.WriteLine("quiver: " + failure.Message);
            return failure.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
    }

    private static string CommandPath(CommandResult command) =>
        command.Parent is CommandResult parent ? CommandPath(parent) + " " + command.Command.Name : "quiver";
}
