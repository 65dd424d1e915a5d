using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// A private runtime directory and topic per test, a log that records what the transport said,
/// and a check, when the test class is disposed, that nothing is left in the directory.
/// QUIVER_RUNTIME_DIR is process-wide, so transport tests run in one collection, one at a time.
/// </summary>
public sealed class TransportFixture : IDisposable
{
    private static int _counter;
    private readonly string? _previous;

    public TransportFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), $"qv-{Environment.ProcessId}-{Interlocked.Increment(ref _counter)}");
        _previous = Environment.GetEnvironmentVariable(RuntimeDirectory.OverrideVariable);
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, Directory);
        Topic = $"test/t{_counter}";
    }

    public string Directory { get; }
    public string Topic { get; }
    public List<(TransportLogLevel Level, string Message)> Messages { get; } = new();
    public static TopicContract Contract { get; } = new("test.Bytes", 0xABCDEF0123456789, new byte[] { 1, 2, 3 });

    public TransportLog Log => (level, message) =>
    {
        lock (Messages)
        {
            Messages.Add((level, message));
            Monitor.PulseAll(Messages);
        }
    };

    /// <summary>Waits (on the log itself, not on time) until a message containing <paramref name="text"/> is logged.</summary>
    public string WaitForLog(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        lock (Messages)
        {
            while (true)
            {
                var found = Messages.FirstOrDefault(m => m.Message.Contains(text, StringComparison.Ordinal));
                if (found.Message is not null)
                    return found.Message;
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                    throw new TimeoutException($"No log message containing '{text}'. Logged: {string.Join(" | ", Messages.Select(m => m.Message))}");
                Monitor.Wait(Messages, left);
            }
        }
    }

    public string[] LeftOver() => System.IO.Directory.Exists(Directory) ? System.IO.Directory.GetFileSystemEntries(Directory) : [];

    /// <summary>Fails the test if anything (a socket file) was left in its runtime directory.</summary>
    public void Dispose()
    {
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, _previous);
        var leftOver = LeftOver();
        if (System.IO.Directory.Exists(Directory))
            System.IO.Directory.Delete(Directory, recursive: true);
        Assert.True(leftOver.Length == 0, $"Left in the runtime directory: {string.Join(", ", leftOver)}");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TransportCollection
{
    public const string Name = "transport";
}
