using System.CommandLine;
using Quiver.Cli.Live;
using Quiver.Cli.Output;

namespace Quiver.Cli;

/// <summary><c>quiver bw &lt;topic&gt;</c>: the bandwidth of a topic and the sizes of its messages, refreshed live.</summary>
internal static class BwCommand
{
    public static readonly ArrivalView View = new(
        report => $"{Units.Bytes(report.BytesPerSecond)}/s  mean {Units.Bytes(report.MeanBytes)}  min {Units.Bytes(report.MinBytes)}  max {Units.Bytes(report.MaxBytes)}  rate {report.Rate:0.00} Hz  latency p50 {report.LatencyP50Ms:0.000} ms  p99 {report.LatencyP99Ms:0.000} ms  window {report.Samples}",
        [
            new("bandwidth", report => $"{Units.Bytes(report.BytesPerSecond)}/s"),
            new("mean size", report => Units.Bytes(report.MeanBytes)),
            new("min size", report => Units.Bytes(report.MinBytes)),
            new("max size", report => Units.Bytes(report.MaxBytes)),
            new("rate (Hz)", report => $"{report.Rate:0.00}"),
            new("latency p50 (ms)", report => $"{report.LatencyP50Ms:0.000}"),
            new("latency p99 (ms)", report => $"{report.LatencyP99Ms:0.000}"),
        ]);

    public static Command Create() => ArrivalMonitor.Create(
        "bw",
        "Measure a live topic's bandwidth: bytes/s and the message sizes (mean, min, max), with the rate and publish-to-receive latency, over the last --window samples, every --interval: a table redrawn in place on a terminal, a line per report otherwise.",
        View,
        "quiver bw camera/front",
        "quiver bw camera/front --duration 10",
        "quiver bw detections --count 100 --json");
}
