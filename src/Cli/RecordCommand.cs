using System.CommandLine;
using Quiver.Cli.Live;
using Quiver.Cli.Output;
using Quiver.Cli.Recording;
using Quiver.Recording;
using Quiver.Transport;

namespace Quiver.Cli;

/// <summary><c>quiver record -o &lt;dir&gt; &lt;topics…|--all&gt;</c>: records every message of the topics into a directory of Arrow IPC streams (docs/cli.md, docs/recording.md).</summary>
internal static class RecordCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--output", "-o") { Description = "The recording directory (created if needed)", Required = true, HelpName = "dir" };
        var topics = new Argument<string[]>("topics") { Description = "The topics to record", Arity = ArgumentArity.ZeroOrMore, HelpName = "topics" };
        topics.CompletionSources.Add(_ => LiveTopic.TopicNames());
        var all = new Option<bool>("--all") { Description = "Record every topic of the runtime directory: those live at the start, and each one that appears later (checked every second)" };
        var splitSize = new Option<long?>("--split-size") { Description = "Start a new file for a topic before it grows past this many bytes", HelpName = "bytes" };
        splitSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 1)
                result.AddError("--split-size is a number of bytes, 1 or more.");
        });
        var maxDuration = new Option<double?>("--max-duration") { Description = "Stop after this many seconds", HelpName = "seconds" };
        maxDuration.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is <= 0)
                result.AddError("--max-duration is a number of seconds above 0.");
        });
        var queueDepth = new Option<int>("--queue-depth") { Description = "Messages per topic held in memory on their way to disk; when full, new ones are dropped and counted", DefaultValueFactory = _ => new RecorderOptions().QueueDepth, HelpName = "N" };
        queueDepth.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1)
                result.AddError("--queue-depth is a number of messages, 1 or more.");
        });
        var compress = new Option<string?>("--compress")
        {
            Description = "Re-encode every batch with Arrow IPC body compression (zstd or lz4), which Arrow readers decode; costs CPU while recording, off by default",
            HelpName = "codec",
        };
        compress.AcceptOnlyFromAmong([.. RecordingCompressions.Names]);
        var force = new Option<bool>("--force") { Description = "Replace a recording already in the directory" };
        var wait = LiveTopic.WaitOption();
        var command = new Command("record", "Record every message of live topics into a directory: one Arrow IPC stream file per topic holding the message batches exactly as published, index.arrows (topic, sequence, publish and receive time, batch number) and metadata.json. pyarrow, DuckDB and Apache.Arrow open the files without Quiver. Ctrl+C stops and closes the files; a recorder killed outright still leaves them readable up to the last whole message.")
        {
            topics, output, all, splitSize, maxDuration, queueDepth, compress, force, wait,
        };
        command.SetAction((parsed, cancellation) => Task.Run(() => Run(
            parsed.GetRequiredValue(output), parsed.GetValue(topics) ?? [], parsed.GetValue(all),
            new RecorderOptions
            {
                SplitSize = parsed.GetValue(splitSize),
                MaxDuration = parsed.GetValue(maxDuration) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                QueueDepth = parsed.GetValue(queueDepth),
                Compression = RecordingCompressions.Parse(parsed.GetValue(compress)),
                Force = parsed.GetValue(force),
            },
            LiveTopic.WaitTime(parsed, wait), parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellation), CancellationToken.None));
        return command.WithExamples(
            "quiver record -o run1 camera/front detections",
            "quiver record -o run1 --all --max-duration 60",
            "quiver record -o run1 camera/front --split-size 1000000000 --force",
            "quiver record -o run1 camera/front --compress zstd");
    }

    private static int Run(string directory, string[] named, bool all, RecorderOptions options, TimeSpan wait, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        if (all == (named.Length > 0))
            throw new CommandFailure(ExitCodes.UsageError, "Name the topics to record, or pass --all (not both).");
        var subscriberOptions = LiveTopic.Options(errors);
        var topics = all ? LiveTopics(subscriberOptions) : named;
        if (topics.Count == 0)
            throw new CommandFailure(ExitCodes.TopicNotFound, $"--all found no live topic in the runtime directory {RuntimeDirectory.Path}.");
        // Topics are joined as by the other commands, so waiting and "no publisher" read the same.
        using var recorder = RecordingErrors.Guard(() => Recorder.Start(directory, topics, options with
        {
            Log = subscriberOptions.Log,
            // --all joins topics that are live already, then those that appear, so it never waits for one.
            Connect = topic => LiveTopic.InRuntimeDirectory(() => LiveTopic.Connect(topic, all ? TimeSpan.Zero : wait, errors, cancellation)),
        }));
        output.WriteLine($"Recording {string.Join(", ", topics)} into {directory}; Ctrl+C stops.");
        RecordingMetadata metadata;
        using (all ? new NewTopicFollower(recorder, topics, output, errors) : null)
            metadata = recorder.Run(cancellation);
        foreach (var topic in metadata.Topics)
            output.WriteLine($"{topic.Topic}: {topic.Messages} messages, {Units.Bytes(topic.Bytes)} in {topic.Files.Count} file(s), skipped by the publisher {topic.SkippedByPublisher}, dropped by the recorder {topic.DroppedByRecorder}");
        output.WriteLine($"Stopped: {metadata.StoppedBecause}.");
        return metadata.StoppedBecause is "stopped" or "maximum duration reached" ? ExitCodes.Success : ExitCodes.RecordingFailed;
    }

    private static IReadOnlyList<string> LiveTopics(SubscriberOptions options) =>
        LiveTopic.InRuntimeDirectory(() => RuntimeDirectory.Topics()
            .Select(topic => TopicProbe.Describe(topic, options))
            .Where(topic => topic?.State == TopicState.Live)
            .Select(topic => topic!.Topic)
            .ToList());
}
