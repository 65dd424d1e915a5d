using Quiver.Transport;

namespace Quiver.Messages.Tests.Topics;

/// <summary>
/// A private runtime directory and topic per test and a log that records what the transport said;
/// fails the test if anything is left in the directory. QUIVER_RUNTIME_DIR is process-wide, so the
/// topic tests run in one collection, one at a time.
/// </summary>
public sealed class TopicFixture : IDisposable
{
    private static int _counter;
    private readonly string? _previous;

    public TopicFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"qvt-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}");
        _previous = Environment.GetEnvironmentVariable(RuntimeDirectory.OverrideVariable);
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, Directory);
        Topic = $"typed/t{_counter}";
    }

    public string Directory { get; }
    public string Topic { get; }
    public List<string> Messages { get; } = new();

    public TransportLog Log => (_, message) =>
    {
        lock (Messages)
            Messages.Add(message);
    };

    /// <summary>A typed publisher of this test's topic that logs here and never warns about held samples.</summary>
    public Publisher<T> Publish<T>(int queueDepth = 64) where T : IMessage<T> =>
        Quiver.Topic.Publish<T>(Topic, new PublisherOptions { Log = Log, HeldWarningAfter = Timeout.InfiniteTimeSpan, QueueDepth = queueDepth });

    /// <summary>A typed subscriber of this test's topic that logs here.</summary>
    public Subscriber<T> Subscribe<T>() where T : IMessage<T> =>
        Quiver.Topic.Subscribe<T>(Topic, new SubscriberOptions { Log = Log });

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, _previous);
        var leftOver = System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetFileSystemEntries(Directory) : [];
        if (System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
        Assert.True(leftOver.Length == 0, $"Left in the runtime directory: {string.Join(", ", leftOver)}");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TopicCollection
{
    public const string Name = "topics";
}
