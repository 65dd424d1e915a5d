using System.CommandLine;
using Quiver.Arrow;
using Quiver.Cli.Live;
using Quiver.Cli.Output;

namespace Quiver.Cli;

/// <summary>
/// <c>quiver echo &lt;topic&gt;</c>: subscribes without generated types and prints every message
/// (a JSON line per row, or a table), releasing each sample as soon as it is printed.
/// </summary>
internal static class EchoCommand
{
    private static readonly TimeSpan ReceiveSlice = TimeSpan.FromMilliseconds(250);

    public static Command Create()
    {
        var topic = LiveTopic.TopicArgument();
        var table = new Option<bool>("--table") { Description = "Print each message as a table instead of JSON lines" };
        var bytes = new Option<int>("--bytes") { Description = "Binary values longer than this are shown as their length and first bytes", DefaultValueFactory = _ => 16, HelpName = "N" };
        bytes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 1 << 20)
                result.AddError("--bytes is a number of bytes from 0 to 1048576.");
        });
        var field = new Option<string?>("--field") { Description = "Print only this field; nested fields as a.b", HelpName = "a.b" };
        var count = new Option<int?>("--count") { Description = "Stop after this many messages", HelpName = "N" };
        count.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 1)
                result.AddError("--count is a number of messages, 1 or more.");
        });
        var once = new Option<bool>("--once") { Description = "Stop after the first message (--count 1)" };
        var wait = LiveTopic.WaitOption();
        var command = new Command("echo", "Print the messages of a live topic, whatever its type: no generated code needed, the schema comes with the publisher's handshake. One JSON object per row; large binary fields as length and first bytes. Each sample is released right after it is printed.")
        {
            topic, table, bytes, field, count, once, wait,
        };
        command.SetAction((parsed, cancellation) => Task.Run(() => Run(
            parsed.GetRequiredValue(topic), parsed.GetValue(table), parsed.GetValue(bytes), parsed.GetValue(field),
            parsed.GetValue(once) ? 1 : parsed.GetValue(count), LiveTopic.WaitTime(parsed, wait),
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellation), CancellationToken.None));
        return command.WithExamples(
            "quiver echo camera/front --once --bytes 8",
            "quiver echo detections --field frame_id --count 5",
            "quiver echo camera/front --table --field pose.position",
            "quiver echo detections --wait");
    }

    private static int Run(string topic, bool asTable, int bytesShown, string? fieldText, int? count, TimeSpan wait,
        TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        using var subscriber = LiveTopic.InRuntimeDirectory(() => LiveTopic.ConnectUntyped(topic, wait, errors, cancellation));
        var field = fieldText is null ? null : FieldPath.Resolve(fieldText, subscriber.Schema);
        var values = new JsonValues(bytesShown);
        var table = asTable ? new EchoTable(output, values) : null;
        var printed = 0;
        while (count is null || printed < count)
        {
            if (cancellation.IsCancellationRequested)
                return ExitCodes.Interrupted;
            ReceivedBatch? received;
            try
            {
                received = subscriber.Receive(ReceiveSlice);
            }
            catch (TimeoutException)
            {
                continue;
            }
            catch (ArrowFormatException e)
            {
                throw new CommandFailure(ExitCodes.ConnectionFailed, $"{e.Message} Stopped after {printed} message(s).", e);
            }
            if (received is null)
            {
                errors.WriteLine($"quiver: the publisher of '{topic}' left after {printed} message(s).");
                return ExitCodes.Success;
            }
            using (received)
            {
                if (table is not null)
                    table.Write(received.Batch, field);
                else
                    JsonLines.Write(output, received.Batch, field, values);
            }
            output.Flush();
            printed++;
        }
        return ExitCodes.Success;
    }
}
