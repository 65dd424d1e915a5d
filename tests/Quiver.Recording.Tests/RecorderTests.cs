using Quiver.Recording.TestPeer;
using Quiver.Transport;

namespace Quiver.Recording.Tests;

[Collection(RecordingCollection.Name)]
public sealed class RecorderTests(RecordingFixture fixture)
{
    private const int Count = 20;

    [Fact]
    public void Records_typed_and_raw_topics_of_publisher_processes_as_arrow_streams_with_an_index_and_metadata()
    {
        using var scratch = new ScratchDirectory();
        string images = fixture.NewTopic("camera/front"), readings = fixture.NewTopic("lab");
        using var imagePublisher = RecordingPeer.Publisher(fixture, images, "image", Count);
        using var readingPublisher = RecordingPeer.Publisher(fixture, readings, "reading", Count);
        var directory = scratch.Recording();

        var metadata = Record(directory, [images, readings], () =>
        {
            imagePublisher.SendAll(1);
            readingPublisher.SendAll(1);
        });
        Assert.Equal(0, imagePublisher.Finish());
        Assert.Equal(0, readingPublisher.Finish());

        RecordedFiles.AssertImages(RecordedFiles.TopicPath(directory, images), Count);
        RecordedFiles.AssertReadings(RecordedFiles.TopicPath(directory, readings), Count);
        var imageTopic = metadata.Topics.Single(t => t.Topic == images);
        Assert.Equal((Count, 0L, 0L), (imageTopic.Messages, imageTopic.SkippedByPublisher, imageTopic.DroppedByRecorder));
        Assert.Equal("vision.Image", imageTopic.Files.Single().MessageType);
        Assert.Equal(Fingerprints.Format(Topic.ContractOf<Vision.Image>().Fingerprint), imageTopic.Files.Single().Fingerprint);
        var readingFile = metadata.Topics.Single(t => t.Topic == readings).Files.Single();
        Assert.Equal((RecordedSamples.RawMessageType, Fingerprints.Format(RecordedSamples.RawFingerprint), (long)Count),
            (readingFile.MessageType, readingFile.Fingerprint, readingFile.Messages));
        var saved = RecordingMetadata.Load(directory);
        Assert.Equal("stopped", saved.StoppedBecause);
        Assert.Equal(metadata.Topics.Select(t => (t.Topic, t.Messages, t.Bytes)), saved.Topics.Select(t => (t.Topic, t.Messages, t.Bytes)));
        var index = RecordedFiles.IndexRows(directory, images);
        Assert.Equal(Enumerable.Range(0, Count).Select(i => (long)i), index.Select(r => r.Batch));
        Assert.All(index, r => Assert.Equal(RecordingFiles.TopicFile(images, 0), r.File));
        Assert.Equal(index.Select(r => r.Sequence).Order(), index.Select(r => r.Sequence));
    }

    [Fact]
    public void Refuses_a_directory_that_holds_a_recording_unless_forced()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("again");
        using var publisher = Topic.Publish<Vision.Image>(topic);
        var directory = scratch.Recording();
        Record(directory, [topic], () => publisher.Send(RecordedSamples.Image(0)), waitFor: 1);

        var refused = Assert.Throws<RecordingException>(() => Recorder.Start(directory, [topic]));
        Assert.Contains("already holds a recording", refused.Message);
        Assert.Contains("--force", refused.Message);
        RecordedFiles.AssertImages(RecordedFiles.TopicPath(directory, topic), 1);

        Record(directory, [topic], () =>
        {
            publisher.Send(RecordedSamples.Image(5));
            publisher.Send(RecordedSamples.Image(6));
        }, waitFor: 2, new RecorderOptions { Force = true });
        RecordedFiles.AssertImages(RecordedFiles.TopicPath(directory, topic), 2, first: 5);
    }

    [Fact]
    public void A_topic_without_a_live_publisher_is_refused_naming_the_topic()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("nobody");
        var refused = Assert.Throws<TopicUnavailableException>(() => Recorder.Start(scratch.Recording(), [topic]));
        Assert.Contains(topic, refused.Message);
    }

    [Fact]
    public void A_publisher_of_another_type_on_the_topic_starts_a_new_file_noted_in_the_metadata()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("changing");
        var directory = scratch.Recording();
        var images = Topic.Publish<Vision.Image>(topic);
        var metadata = Record(directory, [topic], () =>
        {
            images.Send(RecordedSamples.Image(0));
            images.Send(RecordedSamples.Image(1));
            Assert.True(images.Transport.WaitForInFlight(0, TimeSpan.FromSeconds(30)));
            images.Dispose();
            using var readings = Publisher.Create(topic, new TopicContract(RecordedSamples.RawMessageType, RecordedSamples.RawFingerprint, RecordedSamples.RawSchemaMessage()));
            Assert.True(readings.WaitForSubscribers(1, TimeSpan.FromSeconds(30)), "the recorder did not come back for the new publisher");
            for (var i = 0; i < 3; i++)
                Interop.ApacheArrow.ApacheArrowExtensions.Send(readings, RecordedSamples.Reading(i));
            Assert.True(readings.WaitForInFlight(0, TimeSpan.FromSeconds(30)));
        });

        RecordedFiles.AssertImages(RecordedFiles.TopicPath(directory, topic, 0), 2);
        RecordedFiles.AssertReadings(RecordedFiles.TopicPath(directory, topic, 1), 3);
        var files = metadata.Topics.Single().Files;
        Assert.Equal(["start", "fingerprint changed"], files.Select(f => f.OpenedBecause));
        Assert.Equal(["vision.Image", RecordedSamples.RawMessageType], files.Select(f => f.MessageType));
    }

    [Fact]
    public async Task Join_adds_a_topic_to_a_running_recording_and_is_refused_twice_or_after_the_end()
    {
        using var scratch = new ScratchDirectory();
        string first = fixture.NewTopic("first"), later = fixture.NewTopic("later");
        using var firstPublisher = Topic.Publish<Vision.Image>(first);
        using var laterPublisher = Topic.Publish<Vision.Image>(later);
        var directory = scratch.Recording();
        using var recorder = Recorder.Start(directory, [first]);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => recorder.Run(stop.Token));

        recorder.Join(later);
        Assert.Contains(later, RecordingMetadata.Load(directory).Topics.Select(t => t.Topic));
        Assert.Contains("already holds", Assert.Throws<RecordingException>(() => recorder.Join(first)).Message);
        Assert.Throws<TopicUnavailableException>(() => recorder.Join(fixture.NewTopic("nobody")));
        for (var i = 0; i < 3; i++)
            laterPublisher.Send(RecordedSamples.Image(i));
        Assert.True(SpinWait.SpinUntil(() => recorder.Snapshot().Topics.Sum(t => t.Messages) == 3, TimeSpan.FromSeconds(30)));
        stop.Cancel();
        var metadata = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal([(first, 0L), (later, 3L)], metadata.Topics.Select(t => (t.Topic, t.Messages)));
        RecordedFiles.AssertImages(RecordedFiles.TopicPath(directory, later), 3);
        var third = fixture.NewTopic("third");
        using var thirdPublisher = Topic.Publish<Vision.Image>(third);
        Assert.Contains("has ended", Assert.Throws<RecordingException>(() => recorder.Join(third)).Message);
        // The refused topic's subscription was closed, not left behind.
        Assert.True(SpinWait.SpinUntil(() => thirdPublisher.Transport.GetStats().Subscribers == 0, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Splits_a_topic_into_files_of_at_most_the_split_size()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("split");
        using var publisher = Topic.Publish<Vision.Image>(topic);
        var directory = scratch.Recording();
        var metadata = Record(directory, [topic], () =>
        {
            for (var i = 0; i < 10; i++)
                publisher.Send(RecordedSamples.Image(i));
        }, waitFor: 10, new RecorderOptions { SplitSize = 4096 });

        var files = metadata.Topics.Single().Files;
        Assert.True(files.Count > 1, $"one file of {files[0].Bytes} bytes");
        Assert.All(files, f => Assert.True(f.Bytes <= 4096 || f.Messages == 1, $"{f.File}: {f.Bytes} bytes"));
        var first = 0;
        for (var part = 0; part < files.Count; part++)
        {
            Assert.Equal(RecordingFiles.TopicFile(topic, part), files[part].File);
            Assert.Equal(part == 0 ? "start" : "split", files[part].OpenedBecause);
            RecordedFiles.AssertImages(RecordedFiles.TopicPath(directory, topic, part), (int)files[part].Messages, first);
            first += (int)files[part].Messages;
        }
        Assert.Equal(10, first);
    }

    [Fact]
    public void Metadata_on_disk_lists_every_file_as_soon_as_it_holds_a_message()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("listed");
        using var publisher = Topic.Publish<Vision.Image>(topic);
        var directory = scratch.Recording();
        // Run is not called, so metadata.json is not rewritten every second: what is on disk was
        // written at the start or when a file opened, as after a SIGKILL within that second.
        using var recorder = Recorder.Start(directory, [topic], new RecorderOptions { SplitSize = 4096 });
        for (var i = 0; i < 10; i++)
            publisher.Send(RecordedSamples.Image(i));
        Assert.True(SpinWait.SpinUntil(() => recorder.Snapshot().Topics.Sum(t => t.Messages) >= 10, TimeSpan.FromSeconds(30)),
            $"only {recorder.Snapshot().Topics.Sum(t => t.Messages)} of 10 messages were written");

        var written = recorder.Snapshot().Topics.Single().Files.Select(f => f.File).ToList();
        Assert.True(written.Count > 1, "the split size did not split the topic");
        Assert.Equal(written, RecordingMetadata.Load(directory).Topics.Single().Files.Select(f => f.File));
    }

    [Fact]
    public void Messages_delivered_before_the_stop_are_recorded_even_when_not_yet_taken()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("stopping");
        using var publisher = Topic.Publish<Vision.Image>(topic, new PublisherOptions { Notification = NotificationPath.SharedMemoryRing });
        var directory = scratch.Recording();
        using var recorder = Recorder.Start(directory, [topic]);
        // Sent before the recording runs: all five wait in the recorder's subscription when it stops.
        for (var i = 0; i < 5; i++)
            publisher.Send(RecordedSamples.Image(i));
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var metadata = recorder.Run(stop.Token);

        Assert.Equal(5, metadata.Topics.Single().Messages);
        RecordedFiles.AssertImages(RecordedFiles.TopicPath(directory, topic), 5);
    }

    /// <summary>Records <paramref name="topics"/> while <paramref name="publish"/> runs, then stops once <paramref name="waitFor"/> messages were written (all of them when null: the publishers drained).</summary>
    internal static RecordingMetadata Record(string directory, IReadOnlyCollection<string> topics, Action publish, int? waitFor = null, RecorderOptions? options = null)
    {
        using var recorder = Recorder.Start(directory, topics, options);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => recorder.Run(stop.Token));
        publish();
        if (waitFor is { } count)
            Assert.True(SpinWait.SpinUntil(() => recorder.Snapshot().Topics.Sum(t => t.Messages) >= count, TimeSpan.FromSeconds(30)),
                $"only {recorder.Snapshot().Topics.Sum(t => t.Messages)} of {count} messages were written");
        stop.Cancel();
        return running.GetAwaiter().GetResult();
    }
}
