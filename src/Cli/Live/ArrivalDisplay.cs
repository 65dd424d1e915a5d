using Quiver.Cli.Output;
using Spectre.Console;

namespace Quiver.Cli.Live;

/// <summary>
/// Where <c>hz</c> and <c>bw</c> show their reports. On a terminal, one table redrawn in place
/// every window; elsewhere (a pipe, a file, <c>--json</c>) one line per window, which scripts read.
/// </summary>
internal static class ArrivalDisplay
{
    /// <summary>Runs <paramref name="measure"/>, which calls its argument with each report (null while fewer than two samples arrived) and the samples so far.</summary>
    public static int Run(TextWriter output, bool json, string topic, ArrivalView view, Func<Action<ArrivalReport?, long>, int> measure)
    {
        if (json || !Terminal.Shows(output))
            return measure((report, total) => WriteLine(output, json, view, report, total));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        return Live(console, topic, view, measure);
    }

    /// <summary>The terminal's way: the last table stays on screen when the measuring ends.</summary>
    public static int Live(IAnsiConsole console, string topic, ArrivalView view, Func<Action<ArrivalReport?, long>, int> measure)
    {
        var exitCode = ExitCodes.Success;
        console.Live(ArrivalTable.Of(topic, view, null, 0)).AutoClear(false).Start(context =>
        {
            exitCode = measure((report, total) =>
            {
                context.UpdateTarget(ArrivalTable.Of(topic, view, report, total));
                context.Refresh();
            });
        });
        return exitCode;
    }

    private static void WriteLine(TextWriter output, bool json, ArrivalView view, ArrivalReport? report, long total)
    {
        if (report is not null)
            output.WriteLine(json ? ReportJson.Write(report, total) : view.Line(report));
        else
            output.WriteLine(json ? ReportJson.Waiting(total) : $"waiting for samples ({total} so far)");
        output.Flush();
    }
}
