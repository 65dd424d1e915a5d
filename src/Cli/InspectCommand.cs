using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Quiver.Cli.Output;
using Quiver.Cli.Recording;
using Quiver.Recording;

namespace Quiver.Cli;

/// <summary><c>quiver inspect &lt;dir&gt;</c>: a recording's topics, types, counts, duration and rates, counted from the files themselves.</summary>
internal static class InspectCommand
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "The recording directory" };
        var json = new Option<bool>("--json") { Description = "Print the summary as JSON, for scripts" };
        var command = new Command("inspect", "Summarize a recording made by 'quiver record': per topic the message type and fingerprint, messages, bytes, time span and rate (counted from the files, so a recorder that was killed is summarized correctly), what was skipped or dropped, and any damage.")
        {
            directory, json,
        };
        command.SetAction(parsed => Run(parsed.GetRequiredValue(directory), parsed.GetValue(json), parsed.InvocationConfiguration.Output));
        return command.WithExamples(
            "quiver inspect run1",
            "quiver inspect run1 --json");
    }

    private static int Run(string directory, bool asJson, TextWriter output)
    {
        var summary = RecordingErrors.Guard(() => RecordingSummary.Of(RecordingReader.Open(directory)));
        if (asJson)
        {
            output.WriteLine(JsonSerializer.Serialize(summary, Json));
            return ExitCodes.Success;
        }
        output.WriteLine($"Recording {summary.Directory}: {Seconds(summary.DurationSeconds)} from {summary.Started:u}, {(summary.Ended is { } ended ? $"ended {ended:u}" : "not ended")} ({summary.StoppedBecause}), quiver {summary.ToolVersion}");
        TextTable.Write(output, ["TOPIC", "TYPE", "FINGERPRINT", "MESSAGES", "BYTES", "DURATION", "RATE", "SKIPPED", "DROPPED", "FILES"],
            summary.Topics.Select(topic => (IReadOnlyList<string>)
            [
                topic.Topic,
                string.Join(",", topic.MessageTypes),
                string.Join(",", topic.Fingerprints),
                topic.Messages.ToString(CultureInfo.InvariantCulture),
                Units.Bytes(topic.Bytes),
                Seconds(topic.DurationSeconds),
                $"{topic.MessagesPerSecond.ToString("0.0", CultureInfo.InvariantCulture)} Hz",
                topic.SkippedByPublisher.ToString(CultureInfo.InvariantCulture),
                topic.DroppedByRecorder.ToString(CultureInfo.InvariantCulture),
                topic.Files.Count.ToString(CultureInfo.InvariantCulture),
            ]));
        foreach (var problem in summary.Problems)
            output.WriteLine("problem: " + problem);
        return ExitCodes.Success;
    }

    private static string Seconds(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture) + " s";
}
