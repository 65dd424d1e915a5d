using System.CommandLine;
using System.Text.Json;
using Quiver.Cli.Live;
using Quiver.Cli.Output;
using Quiver.Transport;

namespace Quiver.Cli;

/// <summary><c>quiver topics</c>: the topics of the runtime directory, each described by its publisher's handshake; stale sockets are marked, never listed as live.</summary>
internal static class TopicsCommand
{
    public static Command Create()
    {
        var rates = new Option<bool>("--rates") { Description = "Also measure messages/s and bytes/s of each live topic, subscribing for --window seconds" };
        var window = new Option<double>("--window") { Description = "How long --rates measures, in seconds", DefaultValueFactory = _ => 1.0, HelpName = "seconds" };
        window.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is <= 0 or > 3600)
                result.AddError("--window is a number of seconds above 0 and at most 3600.");
        });
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table, for scripts" };
        var command = new Command("topics", $"List the live topics of the runtime directory (${RuntimeDirectory.OverrideVariable}, else $XDG_RUNTIME_DIR/quiver, else /tmp/quiver-$UID): message type, fingerprint, publisher pid and subscribers. Sockets left by publishers that died are listed as stale. Each topic is joined for a moment as a subscriber to read its publisher's handshake.")
        {
            rates, window, json,
        };
        command.SetAction((parsed, cancellation) => Task.FromResult(Run(
            parsed.GetValue(rates), TimeSpan.FromSeconds(parsed.GetValue(window)), parsed.GetValue(json),
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellation)));
        return command.WithExamples(
            "quiver topics",
            "quiver topics --rates --window 2",
            "quiver topics --json");
    }

    private static int Run(bool withRates, TimeSpan window, bool asJson, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        var options = LiveTopic.Options(errors);
        var topics = LiveTopic.InRuntimeDirectory(() => RuntimeDirectory.Topics()
            .Select(topic => TopicProbe.Describe(topic, options))
            .OfType<TopicDescription>()
            .ToList());
        var rates = withRates
            ? TopicRates.Measure(topics.Where(topic => topic.State == TopicState.Live).Select(topic => topic.Topic), window, options, cancellation)
            : new Dictionary<string, TopicRates.Rates?>();
        if (cancellation.IsCancellationRequested)
            return ExitCodes.Interrupted;
        if (asJson)
            WriteJson(output, topics, rates);
        else if (topics.Count == 0)
            output.WriteLine($"No topics in {RuntimeDirectory.Path}.");
        else
            WriteTable(output, topics, rates, withRates);
        return ExitCodes.Success;
    }

    private static void WriteTable(TextWriter output, List<TopicDescription> topics, IReadOnlyDictionary<string, TopicRates.Rates?> rates, bool withRates)
    {
        string[] header = withRates
            ? ["TOPIC", "TYPE", "FINGERPRINT", "PID", "SUBSCRIBERS", "MSGS/S", "BYTES/S", "STATE"]
            : ["TOPIC", "TYPE", "FINGERPRINT", "PID", "SUBSCRIBERS", "STATE"];
        TextTable.Write(output, header, topics.Select(topic =>
        {
            var live = topic.State == TopicState.Live;
            var row = new List<string>
            {
                topic.Topic,
                topic.MessageType ?? "-",
                live ? topic.FingerprintText : "-",
                live ? topic.PublisherProcessId.ToString() : "-",
                topic.Subscribers?.ToString() ?? "-",
            };
            if (withRates)
            {
                var measured = rates.GetValueOrDefault(topic.Topic);
                row.Add(measured is { } m ? m.MessagesPerSecond.ToString("0.#") : "-");
                row.Add(measured is { } b ? Units.Bytes(b.BytesPerSecond) + "/s" : "-");
            }
            row.Add(topic.State switch
            {
                TopicState.Live => "live",
                TopicState.Stale => "stale: publisher gone",
                _ => "refused: " + topic.Problem,
            });
            return (IReadOnlyList<string>)row;
        }));
    }

    private static void WriteJson(TextWriter output, List<TopicDescription> topics, IReadOnlyDictionary<string, TopicRates.Rates?> rates)
    {
        using var stream = new MemoryStream();
        using (var json = JsonValues.CreateWriter(stream, indented: true))
        {
            json.WriteStartArray();
            foreach (var topic in topics)
            {
                json.WriteStartObject();
                json.WriteString("topic", topic.Topic);
                json.WriteString("state", topic.State.ToString().ToLowerInvariant());
                if (topic.State == TopicState.Live)
                    topic.WriteHandshake(json);
                if (topic.Subscribers is { } subscribers)
                    json.WriteNumber("subscribers", subscribers);
                if (rates.GetValueOrDefault(topic.Topic) is { } measured)
                {
                    json.WriteNumber("messagesPerSecond", Math.Round(measured.MessagesPerSecond, 3));
                    json.WriteNumber("bytesPerSecond", Math.Round(measured.BytesPerSecond, 1));
                }
                if (topic.Problem is not null)
                    json.WriteString("problem", topic.Problem);
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
