namespace Quiver.Bridge;

/// <summary>
/// Sends the chunks of one message in order with up to a window of them on their way at once:
/// chunk i starts when fewer than <c>window</c> chunks before it are unfinished.
/// </summary>
internal static class ChunkPipeline
{
    /// <summary>
    /// Runs <paramref name="send"/>(index, ahead) for every index below <paramref name="count"/>,
    /// where ahead is how many earlier sends are still running, and returns once all of them
    /// finished. A failed send fails the whole, after the others finished: they read the
    /// sample's memory, which must stay theirs until then.
    /// </summary>
    public static async Task SendAsync(uint count, int window, Func<uint, int, Task> send)
    {
        var running = new Queue<Task>(Math.Min(window, (int)Math.Min(count, int.MaxValue)));
        try
        {
            for (uint index = 0; index < count; index++)
            {
                if (running.Count == window)
                    await running.Dequeue();
                running.Enqueue(send(index, running.Count));
            }
            while (running.Count > 0)
                await running.Dequeue();
        }
        finally
        {
            // Only after a failure: the failure already on its way up is the one to report.
            await Task.WhenAll(running).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
