namespace Quiver.Bridge.Tests;

/// <summary>The exporter's window of chunks on their way (reliable mode), with sends the test completes by hand.</summary>
public sealed class ChunkPipelineTests
{
    private readonly List<(uint Index, int Ahead, TaskCompletionSource Done)> _started = new();

    private Task Send(uint index, int ahead)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_started)
            _started.Add((index, ahead, done));
        return done.Task;
    }

    private (uint Index, int Ahead, TaskCompletionSource Done)[] Started()
    {
        lock (_started)
            return _started.ToArray();
    }

    private void WaitForStarts(int count) =>
        Assert.True(SpinWait.SpinUntil(() => Started().Length >= count, TimeSpan.FromSeconds(10)), $"{Started().Length} of {count} sends started");

    [Fact]
    public async Task Chunks_start_in_order_up_to_the_window_and_each_finished_one_lets_the_next_start()
    {
        var all = ChunkPipeline.SendAsync(7, 3, Send);
        // Nothing has finished yet: exactly the window is on its way, each knowing how many are ahead.
        Assert.Equal([(0u, 0), (1u, 1), (2u, 2)], Started().Select(s => (s.Index, s.Ahead)));
        Started()[0].Done.SetResult();
        WaitForStarts(4);
        Assert.Equal((3u, 2), (Started()[3].Index, Started()[3].Ahead));
        // A later chunk finishing first frees no room: the window moves with the oldest.
        Started()[2].Done.SetResult();
        Assert.Equal(4, Started().Length);
        Started()[1].Done.SetResult();
        WaitForStarts(6);
        for (int finished = 3; finished < 7; finished++)
        {
            WaitForStarts(Math.Min(finished + 3, 7));
            Started()[finished].Done.SetResult();
        }
        await all.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => (uint)i), Started().Select(s => s.Index));
        Assert.Equal(7, Started().Length);
    }

    [Fact]
    public async Task A_failed_chunk_fails_the_message_only_after_every_chunk_on_its_way_finished()
    {
        var all = ChunkPipeline.SendAsync(5, 3, Send);
        Started()[0].Done.SetException(new InvalidOperationException("not stored"));
        // The chunks behind it still read the sample: the message must not end before they do.
        Started()[2].Done.SetResult();
        Assert.False(all.IsCompleted);
        Started()[1].Done.SetResult();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => all.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("not stored", failure.Message);
        // Nothing after the window was started once the failure was seen.
        Assert.Equal(3, Started().Length);
    }

    [Fact]
    public async Task A_window_of_one_sends_one_chunk_at_a_time()
    {
        var all = ChunkPipeline.SendAsync(3, 1, Send);
        for (int i = 0; i < 3; i++)
        {
            WaitForStarts(i + 1);
            Assert.Equal(i + 1, Started().Length);
            Assert.Equal(0, Started()[i].Ahead);
            Started()[i].Done.SetResult();
        }
        await all.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
