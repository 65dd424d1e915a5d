namespace Quiver.Bridge.Tests;

/// <summary>One 3-node cluster shared by the tests of a class that do not harm it; each test keeps to its own prefix.</summary>
public sealed class ClusterFixture : IDisposable
{
    public NatsCluster Cluster { get; } = new();

    public void Dispose() => Cluster.Dispose();
}

/// <summary>Names that keep tests that share a cluster or run in parallel apart.</summary>
internal static class Unique
{
    private static int _counter;

    public static string Prefix() => $"p{Environment.ProcessId}n{Interlocked.Increment(ref _counter)}";
}
