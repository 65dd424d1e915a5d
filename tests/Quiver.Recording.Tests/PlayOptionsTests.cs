using System.Globalization;
using Quiver.Cli;

namespace Quiver.Recording.Tests;

/// <summary><c>quiver play --loop</c> and <c>--start</c> against a recording of a publisher process, received by a typed subscriber.</summary>
[Collection(RecordingCollection.Name)]
public sealed class PlayOptionsTests(RecordingFixture fixture)
{
    private const int Count = 12;

    [Fact]
    public void Loop_plays_again_from_the_start_until_interrupted_and_counts_every_pass()
    {
        using var scratch = new ScratchDirectory();
        var (topic, recording) = RecordImages(scratch);
        var replayed = fixture.NewTopic("looped");

        using var player = new CliProcess(fixture.RuntimeDirectoryPath, "Playing ", "play", recording, "--loop", "--rate", "4",
            "--wait-subscribers", "1", "--remap", $"{topic}={replayed}");
        using (var subscriber = Topic.Subscribe<Vision.Image>(replayed))
        {
            // Three passes, each in the recorded order from frame 0.
            for (var i = 0; i < 3 * Count; i++)
            {
                using var received = subscriber.Receive(TimeSpan.FromSeconds(30));
                Assert.NotNull(received);
                Assert.Equal($"frame-{i % Count}", received.Message.FrameId.ToString());
            }
            Assert.Equal(ExitCodes.Interrupted, player.Interrupt());
        }
        var published = long.Parse(player.Expect($"{replayed}: ").Split(' ')[1], CultureInfo.InvariantCulture);
        Assert.True(published >= 3 * Count, $"{published} messages published, {3 * Count} received");
    }

    [Fact]
    public void Start_skips_the_first_seconds_and_plays_the_rest_from_its_first_message()
    {
        using var scratch = new ScratchDirectory();
        var (topic, recording) = RecordImages(scratch);
        var times = RecordingReader.Open(recording).Files.Single().PublishedNanoseconds;
        // Halfway between frames 5 and 6 (the publisher sends one per millisecond or slower).
        var start = ((times[5] + times[6]) / 2 - times[0]) / 1e9;
        var replayed = fixture.NewTopic("started");

        using var player = new CliProcess(fixture.RuntimeDirectoryPath, "Playing ", "play", recording,
            "--start", start.ToString("R", CultureInfo.InvariantCulture), "--wait-subscribers", "1", "--remap", $"{topic}={replayed}");
        using (var subscriber = Topic.Subscribe<Vision.Image>(replayed))
        {
            for (var i = 6; i < Count; i++)
            {
                using var received = subscriber.Receive(TimeSpan.FromSeconds(30));
                Assert.NotNull(received);
                Assert.Equal($"frame-{i}", received.Message.FrameId.ToString());
            }
            Assert.Equal(0, player.Finish());
        }
        player.Expect($"{replayed}: {Count - 6} messages published");
    }

    [Fact]
    public void Start_keeps_the_relative_timing_of_what_it_plays_and_plays_its_first_message_at_once()
    {
        using var scratch = new ScratchDirectory();
        var (_, recording) = RecordImages(scratch);
        var reader = RecordingReader.Open(recording);
        var times = reader.Files.Single().PublishedNanoseconds;
        var start = TimeSpan.FromTicks(((times[3] + times[4]) / 2 - times[0]) / 100);

        using var player = Player.Create(reader, new PlayerOptions { Start = start, Rate = 2 });

        var expected = times.Skip(4).Select(t => TimeSpan.FromTicks((long)((t - times[4]) / 100 / 2.0)));
        Assert.Equal(expected, player.DueTimes);
    }

    [Fact]
    public void A_start_past_the_end_is_refused_with_the_recordings_length()
    {
        using var scratch = new ScratchDirectory();
        var (_, recording) = RecordImages(scratch);
        var times = RecordingReader.Open(recording).Files.Single().PublishedNanoseconds;
        var lasts = TimeSpan.FromTicks((times[^1] - times[0]) / 100).TotalSeconds;

        var output = new StringWriter();
        var errors = new StringWriter();
        var code = QuiverCommand.Run(["play", recording, "--start", "3600"], output, errors);

        Assert.Equal(ExitCodes.RecordingFailed, code);
        Assert.Contains("Starting 3600 s in skips all of the recording", errors.ToString());
        Assert.Contains($"which lasts {lasts:0.###} s.", errors.ToString());
    }

    /// <summary>Records <see cref="Count"/> images of a publisher process, one per millisecond or slower.</summary>
    private (string Topic, string Recording) RecordImages(ScratchDirectory scratch)
    {
        var topic = fixture.NewTopic("camera");
        var recording = scratch.Recording();
        using var publisher = RecordingPeer.Publisher(fixture, topic, "image", Count);
        RecorderTests.Record(recording, [topic], () => publisher.SendAll(1));
        Assert.Equal(0, publisher.Finish());
        return (topic, recording);
    }
}
