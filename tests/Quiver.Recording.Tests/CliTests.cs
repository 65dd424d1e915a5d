using System.Text.Json;
using Quiver.Cli;

namespace Quiver.Recording.Tests;

[Collection(RecordingCollection.Name)]
public sealed class CliTests(RecordingFixture fixture)
{
    private const int Count = 12;

    [Fact]
    public async Task Quiver_record_inspect_play_record_round_trip_keeps_every_message_byte_for_byte()
    {
        using var scratch = new ScratchDirectory();
        string images = fixture.NewTopic("camera"), readings = fixture.NewTopic("lab");
        string first = scratch.Recording("first"), second = scratch.Recording("second");
        using (var imagePublisher = RecordingPeer.Publisher(fixture, images, "image", Count))
        using (var readingPublisher = RecordingPeer.Publisher(fixture, readings, "reading", Count))
        using (var recorder = new CliProcess(fixture.RuntimeDirectoryPath, "Recording ", "record", "-o", first, images, readings))
        {
            imagePublisher.SendAll(1);
            readingPublisher.SendAll(1);
            Assert.True(recorder.Interrupt() == ExitCodes.Success, recorder.StandardError);
            recorder.Expect($"{images}: {Count} messages");
            recorder.Expect($"{readings}: {Count} messages");
            recorder.Expect("Stopped: stopped.");
            Assert.Equal(0, imagePublisher.Finish());
            Assert.Equal(0, readingPublisher.Finish());
        }

        var (inspected, json, _) = Run("inspect", first, "--json");
        Assert.Equal(ExitCodes.Success, inspected);
        var topics = JsonDocument.Parse(json).RootElement.GetProperty("topics").EnumerateArray()
            .Select(t => (t.GetProperty("topic").GetString(), t.GetProperty("messages").GetInt64(), t.GetProperty("message_types")[0].GetString()))
            .ToList();
        Assert.Equal([(images, Count, "vision.Image"), (readings, Count, TestPeer.RecordedSamples.RawMessageType)], topics);

        // It prints its first line once the player's topics appear and it has joined them.
        var starting = Task.Run(() => new CliProcess(fixture.RuntimeDirectoryPath, "Recording ", "record", "-o", second, images, readings, "--wait"));
        var (played, playOutput, playErrors) = Run("play", first, "--wait-subscribers", "1", "--rate", "4");
        using (var recorder = await starting)
        {
            Assert.True(played == ExitCodes.Success, playErrors);
            Assert.Contains($"{images}: {Count} messages published", playOutput);
            Assert.Equal(ExitCodes.Success, recorder.Interrupt());
        }
        foreach (var topic in new[] { images, readings })
            RecordedFiles.AssertSameMessages(RecordedFiles.TopicPath(first, topic), RecordedFiles.TopicPath(second, topic));
    }

    [Fact]
    public void Bad_input_names_the_problem_and_the_fix_with_its_exit_code()
    {
        using var scratch = new ScratchDirectory();
        var (code, _, errors) = Run("inspect", scratch.Path);
        Assert.Equal((ExitCodes.RecordingFailed, true), (code, errors.Contains("has no metadata.json", StringComparison.Ordinal)));

        (code, _, errors) = Run("record", "-o", scratch.Recording());
        Assert.Equal((ExitCodes.UsageError, true), (code, errors.Contains("--all", StringComparison.Ordinal)));

        var missing = fixture.NewTopic("missing");
        (code, _, errors) = Run("record", "-o", scratch.Recording(), missing);
        Assert.Equal((ExitCodes.TopicNotFound, true), (code, errors.Contains(missing, StringComparison.Ordinal)));
        Assert.False(RecordingFiles.HoldsRecording(scratch.Recording()), "a recording that never started was left behind");

        (code, _, errors) = Run("play", scratch.Path, "--remap", "nonsense");
        Assert.Equal((ExitCodes.UsageError, true), (code, errors.Contains("recorded=published", StringComparison.Ordinal)));

        var topic = fixture.NewTopic("existing");
        var directory = scratch.Recording("existing");
        using (var publisher = Topic.Publish<Vision.Image>(topic))
        {
            RecorderTests.Record(directory, [topic], () => publisher.Send(TestPeer.RecordedSamples.Image(0)), waitFor: 1);
            (code, _, errors) = Run("record", "-o", directory, topic);
            Assert.Equal((ExitCodes.RecordingFailed, true), (code, errors.Contains("pass --force", StringComparison.Ordinal)));
        }
        (code, _, errors) = Run("play", directory, "--topics", "other");
        Assert.Equal((ExitCodes.RecordingFailed, true), (code, errors.Contains("has no topic 'other'", StringComparison.Ordinal)));
    }

    private static (int ExitCode, string Output, string Errors) Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exitCode = QuiverCommand.Run(args, output, errors);
        return (exitCode, output.ToString(), errors.ToString());
    }
}
