using Quiver.Transport;

namespace Quiver.Bridge.Tests;

/// <summary>
/// Points this test process's runtime directory (process-wide: QUIVER_RUNTIME_DIR) at a private
/// one, for tests that host publishers, subscribers or a bridge in-process; such tests run in one
/// collection, one at a time. The directory is removed afterwards.
/// </summary>
public sealed class LocalHost : IDisposable
{
    private static int _counter;
    private readonly Host _host = new("local");
    private readonly string? _previous;

    public LocalHost()
    {
        _previous = Environment.GetEnvironmentVariable(RuntimeDirectory.OverrideVariable);
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, _host.Directory);
        Topic = $"bridge/t{Interlocked.Increment(ref _counter)}";
    }

    public string Topic { get; }

    public List<string> Messages { get; } = new();

    public TransportLog Log => (level, message) =>
    {
        lock (Messages)
            Messages.Add($"{level}: {message}");
    };

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, _previous);
        _host.Dispose();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LocalHostCollection
{
    public const string Name = "in-process runtime directory";
}
