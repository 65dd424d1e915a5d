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
    public async Task Samples_queued_together_are_written_in_one_call_as_whole_messages()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("coalesced");
        using var publisher = Topic.Publish<Vision.Image>(topic);
        var directory = scratch.Recording();
        var path = RecordedFiles.TopicPath(directory, topic);
        var disk = new FullDisk(capacity: long.MaxValue);
        using var recorder = Recorder.Start(directory, [topic], new RecorderOptions { OpenFile = disk.Open });
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => recorder.Run(stop.Token));

        // While the disk is held, all 50 wait in the recorder's queue (it released each sample after copying it).
        disk.Hold();
        for (var i = 0; i < 50; i++)
            publisher.Send(RecordedSamples.Image(i));
        Assert.True(publisher.Transport.WaitForInFlight(0, TimeSpan.FromSeconds(30)));
        disk.Release();
        Assert.True(SpinWait.SpinUntil(() => recorder.Snapshot().Topics.Single().Messages == 50, TimeSpan.FromSeconds(30)),
            $"{recorder.Snapshot().Topics.Single().Messages} of 50 messages were written");
        stop.Cancel();
        await running.WaitAsync(TimeSpan.FromSeconds(30));

        RecordedFiles.AssertImages(path, 50);
        Assert.Equal(Enumerable.Range(0, 50).Select(i => (long)i), RecordedFiles.IndexRows(directory, topic).Select(r => r.Batch));
        // The schema, the end-of-stream marker, and the samples: at most the one run the writer had taken when the disk
        // was held, then the rest together (one write each would be 50).
        Assert.InRange(disk.Writes(path) - 2, 1, 2);
    }

    [Fact]
    public async Task A_full_disk_in_the_middle_of_a_run_of_samples_keeps_as_many_whole_messages_as_fit()
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("fullrun");
        using var publisher = Topic.Publish<Vision.Image>(topic);
        var directory = scratch.Recording();
        var path = RecordedFiles.TopicPath(directory, topic);
        var disk = new FullDisk(capacity: long.MaxValue);
        // The index is written beside the disk, so the room left is the topic file's alone.
        var options = new RecorderOptions { OpenFile = file => file.EndsWith(RecordingFiles.Index, StringComparison.Ordinal) ? File.Create(file) : disk.Open(file) };
        using var recorder = Recorder.Start(directory, [topic], options);
        var running = Task.Run(() => recorder.Run());
        for (var i = 0; i < 3; i++)
        {
            publisher.Send(RecordedSamples.Image(i));
            Assert.True(SpinWait.SpinUntil(() => recorder.Snapshot().Topics.Single().Messages == i + 1, TimeSpan.FromSeconds(30)));
        }
        var imageLength = TopicFileScan.Read(path).Samples[0].Length;

        disk.Hold();
        disk.LeaveRoomFor(imageLength * 5 / 2);
        for (var i = 3; i < 23; i++)
            publisher.Send(RecordedSamples.Image(i));
        Assert.True(publisher.Transport.WaitForInFlight(0, TimeSpan.FromSeconds(30)));
        disk.Release();
        var metadata = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("No space left on device", metadata.StoppedBecause);
        // Three before the disk was held, then as many as the room left takes, two and a half images: two. The run that
        // did not fit was cut back and its samples tried one by one.
        var recorded = metadata.Topics.Single().Messages;
        Assert.Equal(5, recorded);
        RecordedFiles.AssertImages(path, (int)recorded);
        var scan = TopicFileScan.Read(path);
        Assert.Null(scan.Damage);
        Assert.Equal(recorded, scan.Samples.Count);
        // Nothing after the last whole message but the end-of-stream marker, which the half image of room left still took.
        Assert.True(scan.EndsWithMarker);
        Assert.Equal(scan.Samples[^1].Offset + scan.Samples[^1].Length + 8, new FileInfo(path).Length);
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
