using Quiver.Recording.TestPeer;

namespace Quiver.Recording.Tests;

[Collection(RecordingCollection.Name)]
public sealed class DamageTests(RecordingFixture fixture)
{
    [Fact]
    public async Task A_full_disk_stops_the_recording_cleanly_and_leaves_whole_messages()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("full");
        using var publisher = Topic.Publish<Vision.Image>(topic);
        var directory = scratch.Recording();
        // Room for the index's schema, the topic's schema and four and a half images.
        var disk = new FullDisk(capacity: 4096 + 4096 + 4 * 1024 + 512);
        using var recorder = Recorder.Start(directory, [topic], new RecorderOptions { OpenFile = disk.Open });
        var running = Task.Run(() => recorder.Run());
        for (var i = 0; i < 20 && !running.IsCompleted; i++)
        {
            publisher.Send(RecordedSamples.Image(i));
            Assert.True(publisher.Transport.WaitForInFlight(0, TimeSpan.FromSeconds(30)));
        }
        var metadata = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("No space left on device", metadata.StoppedBecause);
        var recorded = metadata.Topics.Single().Messages;
        Assert.InRange(recorded, 1, 19);
        var path = RecordedFiles.TopicPath(directory, topic);
        RecordedFiles.AssertImages(path, (int)recorded);
        var scan = TopicFileScan.Read(path);
        Assert.Null(scan.Damage);
        Assert.Equal(recorded, scan.Samples.Count);
    }

    [Fact]
    public void A_file_cut_short_reads_up_to_its_last_whole_message_and_says_where_it_stopped()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("cut");
        using var publisher = Topic.Publish<Vision.Image>(topic);
        var directory = scratch.Recording();
        RecorderTests.Record(directory, [topic], () =>
        {
            for (var i = 0; i < 5; i++)
                publisher.Send(RecordedSamples.Image(i));
        }, waitFor: 5);
        var path = RecordedFiles.TopicPath(directory, topic);
        var whole = TopicFileScan.Read(path);
        Assert.True(whole.EndsWithMarker);
        Assert.Null(whole.Damage);
        Assert.Equal(5, whole.Samples.Count);

        var last = whole.Samples[^1];
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            file.SetLength(last.Offset + last.Length / 2);
        var cut = TopicFileScan.Read(path);

        Assert.Equal(whole.Samples.Take(4), cut.Samples);
        Assert.False(cut.EndsWithMarker);
        Assert.StartsWith($"stopped at byte {last.Offset} (after batch 4): ", cut.Damage);
        Assert.Contains("cut short", cut.Damage);
        Assert.Equal(whole.SchemaMessage, cut.SchemaMessage);
    }

    [Fact]
    public void A_file_that_is_not_a_recorded_topic_is_refused_naming_it()
    {
        using var scratch = new ScratchDirectory();
        var path = Path.Combine(scratch.Path, "noise.arrows");
        File.WriteAllBytes(path, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var refused = Assert.Throws<RecordingException>(() => TopicFileScan.Read(path));
        Assert.Contains(path, refused.Message);
        Assert.Contains("continuation marker", refused.Message);
    }
}
