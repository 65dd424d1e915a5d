using System.CommandLine;
using System.Text.Json;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Cli.Live;
using Quiver.Cli.Output;
using Quiver.Cli.Evolution;
using Quiver.Transport;

namespace Quiver.Cli;

/// <summary><c>quiver info &lt;topic&gt;</c>: everything the publisher's handshake says about a topic, its schema as .quiver-like text and as Arrow.</summary>
internal static class InfoCommand
{
    /// <summary>Topic protocol version 1 has no request for a publisher's pool or in-flight samples; said instead of leaving the reader guessing.</summary>
    public const string StatsNotCarried = "not carried by topic protocol version 1; the publishing process reports them itself (Publisher.Stats in C#, publisher.stats() in Python)";

    public static Command Create()
    {
        var topic = LiveTopic.TopicArgument();
        var wait = LiveTopic.WaitOption();
        var json = new Option<bool>("--json") { Description = "Print a JSON object instead of text, for scripts" };
        var schemaFiles = new Option<string[]>("--schema")
        {
            Description = ".quiver files or folders of another version of the topic's message: says whether a subscriber built from them would be accepted, and what differs",
            HelpName = "schemas",
            AllowMultipleArgumentsPerToken = true,
        };
        var type = new Option<string>("--type") { Description = "The message in --schema to compare (default: the topic's message type)", HelpName = "package.Message" };
        var command = new Command("info", "Describe a live topic: message type, fingerprint, publisher pid, queue depth and notification path, subscribers, and the schema as .quiver-like text and as the Arrow schema; with --schema, judge another version of the message against it.")
        {
            topic, wait, json, schemaFiles, type,
        };
        command.SetAction((parsed, cancellation) => Task.FromResult(Run(
            parsed.GetRequiredValue(topic), LiveTopic.WaitTime(parsed, wait), parsed.GetValue(json),
            parsed.GetValue(schemaFiles) ?? [], parsed.GetValue(type),
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellation)));
        return command.WithExamples(
            "quiver info camera/front",
            "quiver info camera/front --json",
            "quiver info detections --wait 10",
            "quiver info camera/front --schema new/vision.quiver new/geometry.quiver");
    }

    private static int Run(string topic, TimeSpan wait, bool asJson, string[] schemaFiles, string? messageType, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        TopicDescription description;
        using (var subscriber = LiveTopic.InRuntimeDirectory(() => LiveTopic.Connect(topic, wait, errors, cancellation)))
            description = TopicProbe.Describe(subscriber);
        Schema? schema = null;
        string? schemaProblem = null;
        try
        {
            schema = IpcMessageReader.ReadSchema(description.Schema);
        }
        catch (ArrowFormatException e)
        {
            schemaProblem = $"the announced schema ({description.Schema.Length} bytes) is not a readable Arrow schema: {e.Message}";
        }
        SchemaVersionCheck? check = null;
        if (schemaFiles.Length > 0)
        {
            if (schema is null)
                throw new CommandFailure(ExitCodes.UsageError, $"--schema needs the topic's Arrow schema, and {schemaProblem}.");
            check = SchemaVersionCheck.Run(schemaFiles, messageType, description.MessageType!, schema, errors);
        }
        if (asJson)
            WriteJson(output, description, schema, schemaProblem, check);
        else
            WriteText(output, description, schema, schemaProblem, check);
        return ExitCodes.Success;
    }

    private static void WriteText(TextWriter output, TopicDescription topic, Schema? schema, string? schemaProblem, SchemaVersionCheck? check)
    {
        output.WriteLine($"topic:           {topic.Topic}");
        output.WriteLine($"type:            {topic.MessageType}");
        output.WriteLine($"fingerprint:     {topic.FingerprintText}");
        output.WriteLine($"publisher pid:   {topic.PublisherProcessId}");
        output.WriteLine($"queue depth:     {topic.QueueDepth} (samples a subscriber may hold unreleased)");
        output.WriteLine($"notification:    {Units.Notification(topic.Notification)} (as offered to a subscriber that can use the ring)");
        output.WriteLine($"subscribers:     {topic.Subscribers?.ToString() ?? "unknown (/proc/net/unix is not readable)"}");
        output.WriteLine($"pool, in flight: {StatsNotCarried}");
        if (schema is null)
        {
            output.WriteLine($"schema:          {schemaProblem}");
            return;
        }
        output.WriteLine();
        output.WriteLine("schema (.quiver):");
        foreach (var line in SchemaText.Write(topic.MessageType!, schema).TrimEnd().Split('\n'))
            output.WriteLine(line.Length == 0 ? "" : "  " + line);
        output.WriteLine();
        output.WriteLine("schema (Arrow):");
        foreach (var field in schema.Fields)
            output.WriteLine("  " + field);
        if (check is null)
            return;
        output.WriteLine();
        output.WriteLine($"compared with {check.MessageType} from --schema:");
        foreach (var line in check.SchemaText.TrimEnd().Split('\n'))
            output.WriteLine(line.Length == 0 ? "" : "  " + line);
        output.WriteLine();
        output.WriteLine($"verdict:         {check.Summary}");
    }

    private static void WriteJson(TextWriter output, TopicDescription topic, Schema? schema, string? schemaProblem, SchemaVersionCheck? check)
    {
        using var stream = new MemoryStream();
        using (var json = JsonValues.CreateWriter(stream, indented: true))
        {
            json.WriteStartObject();
            json.WriteString("topic", topic.Topic);
            topic.WriteHandshake(json);
            if (topic.Subscribers is { } subscribers)
                json.WriteNumber("subscribers", subscribers);
            if (schema is not null)
            {
                json.WriteString("schemaText", SchemaText.Write(topic.MessageType!, schema));
                json.WriteStartArray("arrowFields");
                foreach (var field in schema.Fields)
                    json.WriteStringValue(field.ToString());
                json.WriteEndArray();
            }
            else
            {
                json.WriteString("schemaProblem", schemaProblem);
            }
            json.WriteString("poolAndInFlight", StatsNotCarried);
            if (check is not null)
            {
                json.WriteStartObject("comparedWith");
                json.WriteString("type", check.MessageType);
                json.WriteString("schemaText", check.SchemaText);
                json.WriteString("verdict", check.Verdict);
                json.WriteString("summary", check.Summary);
                json.WriteStartArray("differences");
                foreach (var difference in check.Comparison?.Differences ?? [])
                    json.WriteStringValue(difference);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
