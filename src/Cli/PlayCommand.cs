using System.CommandLine;
using Quiver.Cli.Recording;
using Quiver.Recording;
using Quiver.Transport;

namespace Quiver.Cli;

/// <summary><c>quiver play &lt;dir&gt;</c>: republishes a recording with its original relative timing, under the recorded contracts.</summary>
internal static class PlayCommand
{
    public static Command Create()
    {
        var directory = new Argument<string>("dir") { Description = "The recording directory" };
        var rate = new Option<double>("--rate") { Description = "Playback speed: 2 plays twice as fast", DefaultValueFactory = _ => 1.0, HelpName = "factor" };
        rate.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() is not (> 0 and < double.PositiveInfinity))
                result.AddError("--rate is a number above 0 (1 plays at the recorded speed).");
        });
        var loop = new Option<bool>("--loop") { Description = "Start again at the end, until Ctrl+C" };
        var start = new Option<double>("--start") { Description = "Skip the first this-many seconds of the recording", HelpName = "seconds" };
        start.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() < 0)
                result.AddError("--start is a number of seconds, 0 or more.");
        });
        var topics = new Option<string[]>("--topics") { Description = "Play only these recorded topics", AllowMultipleArgumentsPerToken = true, HelpName = "topic" };
        var remap = new Option<string[]>("--remap") { Description = "Publish recorded topic a as b", AllowMultipleArgumentsPerToken = true, HelpName = "a=b" };
        remap.Validators.Add(result =>
        {
            foreach (var pair in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (pair.Split('=') is not [{ Length: > 0 }, { Length: > 0 }])
                    result.AddError($"--remap takes recorded=published pairs; '{pair}' is not one.");
            }
        });
        var waitSubscribers = new Option<int>("--wait-subscribers") { Description = "Before the first message, wait until every topic has this many subscribers", HelpName = "N" };
        var command = new Command("play", "Republish a recording with its original relative timing. Each topic is published under the message type, fingerprint and schema it was recorded with, so subscribers with generated types receive it as from the live publisher. A damaged recording plays up to the damage and says where it stopped.")
        {
            directory, rate, loop, start, topics, remap, waitSubscribers,
        };
        command.SetAction((parsed, cancellation) => Task.Run(() => Run(
            parsed.GetRequiredValue(directory),
            new PlayerOptions
            {
                Rate = parsed.GetValue(rate),
                Loop = parsed.GetValue(loop),
                Start = TimeSpan.FromSeconds(parsed.GetValue(start)),
                Topics = parsed.GetValue(topics) is { Length: > 0 } only ? only : null,
                Remap = (parsed.GetValue(remap) ?? []).Select(pair => pair.Split('=')).ToDictionary(pair => pair[0], pair => pair[1]),
                WaitForSubscribers = parsed.GetValue(waitSubscribers),
            },
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, cancellation), CancellationToken.None));
        return command.WithExamples(
            "quiver play run1",
            "quiver play run1 --rate 2 --loop",
            "quiver play run1 --topics camera/front --remap camera/front=camera/replay --start 10");
    }

    private static int Run(string directory, PlayerOptions options, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        var recording = RecordingErrors.Guard(() => RecordingReader.Open(directory));
        using var player = RecordingErrors.Guard(() => CreatePlayer(recording, options));
        output.WriteLine($"Playing {directory} ({string.Join(", ", player.Publishers.Select(p => p.Topic))}) at {options.Rate}x; Ctrl+C stops.");
        var result = RecordingErrors.Guard(() => player.Play(cancellation));
        foreach (var (topic, count) in result.Published)
            output.WriteLine($"{topic}: {count} messages published");
        foreach (var problem in result.Problems)
            errors.WriteLine("quiver: " + problem);
        if (cancellation.IsCancellationRequested)
            return ExitCodes.Interrupted;
        return result.Problems.Count > 0 ? ExitCodes.RecordingDamaged : ExitCodes.Success;
    }

    private static Player CreatePlayer(RecordingReader recording, PlayerOptions options)
    {
        try
        {
            return Player.Create(recording, options);
        }
        catch (TopicUnavailableException e)
        {
            throw new CommandFailure(ExitCodes.ConnectionFailed, $"{e.Message} Stop that publisher, or publish the recording under another name with --remap.", e);
        }
    }
}
