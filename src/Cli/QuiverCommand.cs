namespace Quiver.Cli;

/// <summary>
/// The <c>quiver</c> command line: <c>quiver gen python|csharp &lt;schemas&gt; -o &lt;dir&gt;</c>.
/// Exit codes: 0 success, 1 schema errors (printed as <c>file(line,col): error QVRnnnn: message</c>,
/// the format MSBuild and editors recognize), 2 a usage error.
/// </summary>
public static class QuiverCommand
{
    public const int Success = 0;
    public const int SchemaErrors = 1;
    public const int UsageError = 2;

    public const string Usage = """
        Usage:
          quiver gen python <schemas> -o <dir>   write one Python module per schema package
          quiver gen csharp <schemas> -o <dir>   write one C# file per enum and message
          quiver --help                          show this text

        <schemas> are .quiver files or folders (searched recursively for *.quiver), compiled together.
        Schema problems are printed as file(line,col): error QVRnnnn: message; the exit code is then 1.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            (args.Count == 0 ? errors : output).WriteLine(Usage);
            return args.Count == 0 ? UsageError : Success;
        }
        if (args[0] != "gen")
            return Fail(errors, $"unknown command '{args[0]}'; expected 'gen'");
        if (args.Count < 2 || (args[1] != "python" && args[1] != "csharp"))
            return Fail(errors, "expected 'gen python' or 'gen csharp'");
        if (args.Skip(2).Any(a => a is "--help" or "-h"))
        {
            output.WriteLine(Usage);
            return Success;
        }
        return GenCommand.Parse(args[1], args.Skip(2).ToList(), out var command, out var problem)
            ? command!.Run(output, errors)
            : Fail(errors, problem!);
    }

    private static int Fail(TextWriter errors, string message)
    {
        errors.WriteLine("quiver: " + message);
        errors.WriteLine("Run 'quiver --help' for usage.");
        return UsageError;
    }
}
