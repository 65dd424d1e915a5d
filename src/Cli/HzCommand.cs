using System.CommandLine;
using Quiver.Cli.Live;

namespace Quiver.Cli;

/// <summary><c>quiver hz &lt;topic&gt;</c>: the message rate, the jitter of the gaps and the publish-to-receive latency, refreshed live.</summary>
internal static class HzCommand
{
    public static readonly ArrivalView View = new(
        report => $"rate {report.Rate:0.00} Hz  gap min {report.GapMinMs:0.000} ms  max {report.GapMaxMs:0.000} ms  std {report.GapStdDevMs:0.000} ms  latency p50 {report.LatencyP50Ms:0.000} ms  p99 {report.LatencyP99Ms:0.000} ms  window {report.Samples}",
        [
            new("rate (Hz)", report => $"{report.Rate:0.00}"),
            new("gap min (ms)", report => $"{report.GapMinMs:0.000}"),
            new("gap max (ms)", report => $"{report.GapMaxMs:0.000}"),
            new("gap std (ms)", report => $"{report.GapStdDevMs:0.000}"),
            new("latency p50 (ms)", report => $"{report.LatencyP50Ms:0.000}"),
            new("latency p99 (ms)", report => $"{report.LatencyP99Ms:0.000}"),
        ]);

    public static Command Create() => ArrivalMonitor.Create(
        "hz",
        "Measure a live topic's rate: messages/s, the gaps between arrivals (min, max, standard deviation) and publish-to-receive latency (p50, p99, from each sample's timestamp), over the last --window samples, every --interval: a table redrawn in place on a terminal, a line per report otherwise.",
        View,
        "quiver hz camera/front",
        "quiver hz camera/front --count 300",
        "quiver hz detections --duration 5 --json");
}
