namespace Quiver.Transport;

/// <summary>The ring path of <see cref="Subscriber"/> for async readers.</summary>
public sealed partial class Subscriber
{
    /// <summary>
    /// Lets async readers wait for the ring without blocking a thread-pool thread (a subscriber per
    /// blocked pool thread would starve every other awaiter of the process). One thread of its own,
    /// started by the first async wait, sleeps on the sample ring's futex while some reader awaits,
    /// then completes the readers' shared task. They take as a synchronous receive does; one that
    /// finds the entry already taken by another waits again.
    /// </summary>
    private sealed class RingAsyncWaiter(RingReceiver ring)
    {
        private readonly object _lock = new();
        private TaskCompletionSource? _request;
        private Thread? _thread;

        /// <summary>Completes once an entry may be in the ring, or at once when the ring is interrupted.</summary>
        public Task WhenEntryAsync()
        {
            lock (_lock)
            {
                if (Volatile.Read(ref ring.Interrupted) != 0)
                    return Task.CompletedTask;
                if (_request is { } pending)
                    return pending.Task;
                if (_thread is null)
                {
                    // The thread's own reference keeps the channel mapped while it sleeps on it.
                    if (!ring.Channel.TryRetain())
                        return Task.CompletedTask;
                    _thread = new Thread(Run) { IsBackground = true, Name = "quiver ring waiter" };
                    _thread.Start();
                }
                // Continuations run on the pool, never on this thread, which must get back to sleep.
                _request = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Monitor.Pulse(_lock);
                return _request.Task;
            }
        }

        /// <summary>After the ring was interrupted: lets a thread waiting for a request end.</summary>
        public void Stop()
        {
            lock (_lock)
                Monitor.Pulse(_lock);
        }

        /// <summary>After <see cref="Stop"/>: waits, bounded, until the thread has ended and let go of the channel.</summary>
        public void Join(TimeSpan timeout)
        {
            Thread? thread;
            lock (_lock)
                thread = _thread;
            thread?.Join(timeout);
        }

        private void Run()
        {
            try
            {
                while (true)
                {
                    TaskCompletionSource request;
                    lock (_lock)
                    {
                        while (_request is null && Volatile.Read(ref ring.Interrupted) == 0)
                            Monitor.Wait(_lock);
                        if (_request is null)
                            return;
                        request = _request;
                    }
                    while (!ring.Reader.HasEntry && Volatile.Read(ref ring.Interrupted) == 0)
                        ring.Reader.Sleep(Timeout.InfiniteTimeSpan, ref ring.Interrupted, CancellationToken.None);
                    lock (_lock)
                        _request = null;
                    request.TrySetResult();
                }
            }
            finally
            {
                ring.Channel.Release();
            }
        }
    }
}
