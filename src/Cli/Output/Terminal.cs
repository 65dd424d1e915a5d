namespace Quiver.Cli.Output;

/// <summary>Whether a command's output goes to a terminal, where tables may be drawn and redrawn, or to a file, a pipe or a test.</summary>
internal static class Terminal
{
    public static bool Shows(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
}
