using Quiver.Cli.Output;

namespace Quiver.Cli.Live;

/// <summary>The JSON line of an <see cref="ArrivalReport"/>: every statistic, rounded to what the clocks resolve.</summary>
internal static class ReportJson
{
    public static string Write(ArrivalReport report, long total) => Line(json =>
    {
        json.WriteNumber("total", total);
        json.WriteNumber("window", report.Samples);
        json.WriteNumber("rate", Math.Round(report.Rate, 3));
        json.WriteNumber("gapMinMs", Math.Round(report.GapMinMs, 4));
        json.WriteNumber("gapMaxMs", Math.Round(report.GapMaxMs, 4));
        json.WriteNumber("gapStdDevMs", Math.Round(report.GapStdDevMs, 4));
        json.WriteNumber("bytesPerSecond", Math.Round(report.BytesPerSecond, 1));
        json.WriteNumber("meanBytes", Math.Round(report.MeanBytes, 1));
        json.WriteNumber("minBytes", report.MinBytes);
        json.WriteNumber("maxBytes", report.MaxBytes);
        json.WriteNumber("latencyP50Ms", Math.Round(report.LatencyP50Ms, 4));
        json.WriteNumber("latencyP99Ms", Math.Round(report.LatencyP99Ms, 4));
    });

    /// <summary>Before two samples there is no gap, so no statistics: only the count.</summary>
    public static string Waiting(long total) => Line(json => json.WriteNumber("total", total));

    private static string Line(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = JsonValues.CreateWriter(stream))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
