using Quiver.Cli.Live;
using Spectre.Console.Testing;

namespace Quiver.Cli.Tests;

/// <summary><c>hz</c> and <c>bw</c> reports: a table redrawn in place on a terminal, one line (or JSON object) per report elsewhere.</summary>
public sealed class ArrivalDisplayTests
{
    // 20 samples at 12.5 Hz of 900 to 1100 bytes, 1000 on average: 12500 bytes/s.
    private static readonly ArrivalReport Report = new(20, 12.5, 70, 90.25, 4.5, 12_500, 1000, 900, 1100, 0.125, 2.5);
    private static readonly ArrivalReport Later = Report with { Samples = 40, Rate = 25, BytesPerSecond = 25_000 };

    [Fact]
    public void Hz_on_a_terminal_redraws_one_table_per_report_and_leaves_the_last()
    {
        var console = new TestConsole().Width(160).EmitAnsiSequences();

        var exitCode = ArrivalDisplay.Live(console, "camera/front", HzCommand.View, show =>
        {
            show(null, 1);
            show(Report, 20);
            show(Later, 45);
            return ExitCodes.Interrupted;
        });

        Assert.Equal(ExitCodes.Interrupted, exitCode);
        var output = console.Output;
        Assert.Contains("waiting for samples (1 so far)", output);
        Assert.Contains("over the last 20 of 20 samples", output);
        var last = output[output.LastIndexOf("camera/front", StringComparison.Ordinal)..];
        Assert.Contains("over the last 40 of 45 samples", last);
        Assert.Equal(["25.00", "70.000", "90.250", "4.500", "0.125", "2.500"], Cells(last));
        // Each redraw moves the cursor back up over the table before it draws the next.
        Assert.Contains("\u001b[", output[..output.LastIndexOf("camera/front", StringComparison.Ordinal)]);
    }

    [Fact]
    public void Bw_table_has_a_column_per_statistic()
    {
        var console = new TestConsole().Width(160);

        console.Write(ArrivalTable.Of("camera/front", BwCommand.View, Report, 20));

        foreach (var heading in new[] { "bandwidth", "mean size", "min size", "max size", "rate (Hz)", "latency p50 (ms)", "latency p99 (ms)" })
            Assert.Contains(heading, console.Output);
        Assert.Equal(["12.5 kB/s", "1 kB", "900 B", "1.1 kB", "12.50", "0.125", "2.500"], Cells(console.Output));
    }

    [Fact]
    public void Elsewhere_each_report_is_one_line_as_before()
    {
        var output = new StringWriter();

        ArrivalDisplay.Run(output, json: false, "camera/front", HzCommand.View, show =>
        {
            show(null, 1);
            show(Report, 20);
            return ExitCodes.Success;
        });

        Assert.Equal(
            "waiting for samples (1 so far)\n" +
            "rate 12.50 Hz  gap min 70.000 ms  max 90.250 ms  std 4.500 ms  latency p50 0.125 ms  p99 2.500 ms  window 20\n",
            output.ToString().Replace("\r\n", "\n"));
    }

    [Fact]
    public void With_json_each_report_is_one_json_object()
    {
        var output = new StringWriter();

        ArrivalDisplay.Run(output, json: true, "camera/front", BwCommand.View, show =>
        {
            show(null, 1);
            show(Report, 20);
            return ExitCodes.Success;
        });

        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.Equal("{\"total\":1}", lines[0].TrimEnd('\r'));
        Assert.StartsWith("{\"total\":20,\"window\":20,\"rate\":12.5,", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    /// <summary>The cells of the table's data row: the last line with cells between its vertical bars.</summary>
    private static string[] Cells(string rendered)
    {
        var row = rendered.Replace("\r\n", "\n").Split('\n').Last(line => line.Count(c => c == '│') > 2 && line.Any(char.IsDigit));
        return [.. row.Split('│', StringSplitOptions.RemoveEmptyEntries).Select(cell => cell.Trim()).Where(cell => cell.Length > 0)];
    }
}
