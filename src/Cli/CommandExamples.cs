using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace Quiver.Cli;

/// <summary>
/// Examples shown at the end of a command's <c>--help</c>: every command registers at least one,
/// so a user can copy a working line instead of assembling one from the option list.
/// </summary>
internal static class CommandExamples
{
    private static readonly ConditionalWeakTable<Command, string[]> Registered = new();

    /// <summary>Registers the example lines of <paramref name="command"/> and returns it, for use in a factory's return statement.</summary>
    public static T WithExamples<T>(this T command, params string[] examples) where T : Command
    {
        Registered.AddOrUpdate(command, examples);
        return command;
    }

    /// <summary>Makes the help option of <paramref name="root"/> (which applies to every subcommand) print the registered examples after the usual sections.</summary>
    public static void ShowInHelp(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new HelpWithExamples((SynchronousCommandLineAction)help.Action!);
    }

    private sealed class HelpWithExamples(SynchronousCommandLineAction standardHelp) : SynchronousCommandLineAction
    {
        // Like the standard help: "quiver gen --help" shows help although gen's arguments are missing.
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = standardHelp.Invoke(parseResult);
            if (Registered.TryGetValue(parseResult.CommandResult.Command, out var examples))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in examples)
                    output.WriteLine("  " + example);
                output.WriteLine();
            }
            return exitCode;
        }
    }
}
