using Quiver.Recording.TestPeer;
using Quiver.SharedMemory;
using Quiver.Transport;

namespace Quiver.Recording.Tests;

[Collection(RecordingCollection.Name)]
public sealed class PlayerTests(RecordingFixture fixture)
{
    private const int Count = 12;

    [Fact]
    public void Record_inspect_play_record_gives_the_same_message_bytes_and_typed_subscribers_receive_the_values()
    {
        using var scratch = new ScratchDirectory();
        string images = fixture.NewTopic("camera"), readings = fixture.NewTopic("lab");
        string first = scratch.Recording("first"), second = scratch.Recording("second");
        using (var imagePublisher = RecordingPeer.Publisher(fixture, images, "image", Count))
        using (var readingPublisher = RecordingPeer.Publisher(fixture, readings, "reading", Count))
        {
            RecorderTests.Record(first, [images, readings], () =>
            {
                imagePublisher.SendAll(1);
                readingPublisher.SendAll(1);
            });
            Assert.Equal(0, imagePublisher.Finish());
            Assert.Equal(0, readingPublisher.Finish());
        }
        var summary = RecordingSummary.Of(RecordingReader.Open(first));
        Assert.Equal([(images, Count), (readings, Count)], summary.Topics.Select(t => (t.Topic, (int)t.Messages)));
        Assert.Empty(summary.Problems);

        using (var player = Player.Create(RecordingReader.Open(first), new PlayerOptions { WaitForSubscribers = 1, Rate = 4 }))
        using (var typed = Topic.Subscribe<Vision.Image>(images))
        {
            var played = RecorderTests.Record(second, [images, readings], () =>
            {
                var result = player.Play();
                Assert.Equal(Count, result.Published[images]);
                Assert.Equal(Count, result.Published[readings]);
            }, waitFor: 2 * Count);
            for (var i = 0; i < Count; i++)
            {
                using var received = typed.Receive(TimeSpan.FromSeconds(30));
                Assert.NotNull(received);
                Assert.Equal($"frame-{i}", received.Message.FrameId.ToString());
                Assert.Equal(RecordedSamples.ImageBytes(i), received.Message.Data.ToArray());
            }
            Assert.Equal([0L, 0L], played.Topics.Select(t => t.SkippedByPublisher + t.DroppedByRecorder));
        }

        foreach (var topic in new[] { images, readings })
            RecordedFiles.AssertSameMessages(RecordedFiles.TopicPath(first, topic), RecordedFiles.TopicPath(second, topic));
        var again = RecordingMetadata.Load(second).Topics.Select(t => t.Files.Single());
        var before = RecordingMetadata.Load(first).Topics.Select(t => t.Files.Single());
        Assert.Equal(before.Select(f => (f.MessageType, f.Fingerprint)), again.Select(f => (f.MessageType, f.Fingerprint)));
    }

    [Fact]
    public void Plays_a_cut_short_recording_up_to_the_damage_and_says_where_it_stopped()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("damaged");
        var directory = scratch.Recording();
        using (var publisher = Topic.Publish<Vision.Image>(topic))
        {
            RecorderTests.Record(directory, [topic], () =>
            {
                for (var i = 0; i < 4; i++)
                    publisher.Send(RecordedSamples.Image(i));
            }, waitFor: 4);
        }
        var path = RecordedFiles.TopicPath(directory, topic);
        var last = TopicFileScan.Read(path).Samples[^1];
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            file.SetLength(last.Offset + 20);

        using var replay = PlayRemapped(fixture, directory, topic);

        Assert.Equal(3, replay.Result.Published[replay.Remapped]);
        Assert.Contains(replay.Result.Problems, p => p.Contains($"stopped at byte {last.Offset} (after batch 3)", StringComparison.Ordinal));
        for (var i = 0; i < 3; i++)
        {
            using var received = replay.Subscriber.Receive(TimeSpan.FromSeconds(30));
            Assert.Equal($"frame-{i}", received!.Message.FrameId.ToString());
        }
    }

    [Fact]
    public void A_message_the_pool_cannot_hold_stops_the_play_with_the_reason()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("big");
        var directory = scratch.Recording();
        using (var publisher = Topic.Publish<Vision.Image>(topic))
            RecorderTests.Record(directory, [topic], () => publisher.Send(RecordedSamples.Image(0)), waitFor: 1);
        // One 64-byte segment at most: the recorded image, hundreds of bytes, can never be loaned.
        var tiny = new PublisherOptions
        {
            Pool = new SampleAllocatorOptions { SegmentSize = 64, MaxSegments = 1, MaxBytes = 64 },
            WhenExhausted = ExhaustionPolicy.Throw,
        };
        using var player = Player.Create(RecordingReader.Open(directory), new PlayerOptions { Publisher = tiny });

        var stopped = Assert.Throws<RecordingException>(() => player.Play());

        Assert.StartsWith($"Playing stopped at batch 0 of '{RecordingFiles.TopicFile(topic, 0)}': Topic '{topic}': no room for a sample of ", stopped.Message);
    }

    /// <summary>
    /// Plays the recording at 8x with <paramref name="topic"/> published under a new name, once a
    /// typed subscriber has joined it; the subscriber holds what was played until disposed.
    /// </summary>
    internal static Replay PlayRemapped(RecordingFixture fixture, string directory, string topic)
    {
        var remapped = fixture.NewTopic("replayed");
        var player = Player.Create(RecordingReader.Open(directory), new PlayerOptions
        {
            WaitForSubscribers = 1,
            Rate = 8,
            Remap = new Dictionary<string, string> { [topic] = remapped },
        });
        var subscriber = Topic.Subscribe<Vision.Image>(remapped);
        return new Replay(player, subscriber, player.Play(), remapped);
    }

    internal sealed record Replay(Player Player, Subscriber<Vision.Image> Subscriber, PlayResult Result, string Remapped) : IDisposable
    {
        public void Dispose()
        {
            Subscriber.Dispose();
            Player.Dispose();
        }
    }

    [Fact]
    public void Unknown_topics_and_bad_rates_are_refused_before_anything_is_published()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("only");
        var directory = scratch.Recording();
        using (var publisher = Topic.Publish<Vision.Image>(topic))
            RecorderTests.Record(directory, [topic], () => publisher.Send(RecordedSamples.Image(0)), waitFor: 1);
        var recording = RecordingReader.Open(directory);

        var unknown = Assert.Throws<RecordingException>(() => Player.Create(recording, new PlayerOptions { Topics = ["nope"] }));
        Assert.Contains("has no topic 'nope'", unknown.Message);
        Assert.Contains(topic, unknown.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Player.Create(recording, new PlayerOptions { Rate = 0 }));
        Assert.False(File.Exists(RuntimeDirectory.SocketPath(topic)));
    }
}
