using ScottPlot;
using ScottPlot.TickGenerators;

namespace Quiver.Transport.Bench;

/// <summary>One path's one-way latencies in nanoseconds, one per payload size.</summary>
internal sealed record LatencySeries(string Name, double[] P50, double[] P99);

/// <summary>
/// The figure beside docs/benchmarks.md: one-way p50 (thick line, filled circles) and p99 (thin
/// line, open triangles) against payload size, both axes logarithmic (the values are plotted as
/// their log10 and the ticks labelled with the real values), one colour per path or peer. Dashed
/// lines would be clearer but Skia's SVG canvas draws no dash effects.
/// </summary>
internal static class LatencyFigure
{
    public static void Write(string path, IReadOnlyList<int> sizes, IReadOnlyList<LatencySeries> series, string title)
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        double[] xs = sizes.Select(size => Math.Log10(size)).ToArray();
        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < series.Count; i++)
        {
            var color = palette.GetColor(i);
            var median = plot.Add.Scatter(xs, Microseconds(series[i].P50));
            median.LegendText = series[i].Name;
            median.Color = color;
            median.LineWidth = 2.5f;
            median.MarkerShape = MarkerShape.FilledCircle;
            median.MarkerSize = 7;
            var tail = plot.Add.Scatter(xs, Microseconds(series[i].P99));
            tail.Color = color;
            tail.LineWidth = 1;
            tail.MarkerShape = MarkerShape.OpenTriangleUp;
            tail.MarkerSize = 8;
        }
        var payloads = new NumericManual();
        for (int i = 0; i < sizes.Count; i++)
            payloads.AddMajor(xs[i], Latencies.FormatSize(sizes[i]));
        plot.Axes.Bottom.TickGenerator = payloads;
        plot.Axes.Left.TickGenerator = new NumericAutomatic
        {
            MinorTickGenerator = new LogMinorTickGenerator(),
            IntegerTicksOnly = true,
            LabelFormatter = log => Tick(Math.Pow(10, log)),
        };
        plot.Axes.Bottom.Label.Text = "payload";
        plot.Axes.Left.Label.Text = "one-way latency: p50 thick, p99 thin";
        plot.Title(title);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.SaveSvg(path, 960, 600);
    }

    private static string Tick(double microseconds) =>
        microseconds >= 1e6 ? $"{microseconds / 1e6:0.###} s" : microseconds >= 1e3 ? $"{microseconds / 1e3:0.###} ms" : $"{microseconds:0.###} µs";

    private static double[] Microseconds(double[] nanoseconds) => nanoseconds.Select(ns => Math.Log10(ns / 1000)).ToArray();
}
