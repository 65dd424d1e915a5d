namespace Quiver.Bridge.Tests;

/// <summary>Three nats-server nodes routed to each other on loopback ports the test picked; ready once every node sees both others.</summary>
public sealed class NatsCluster : IDisposable
{
    // Routes form within a second or two (a refused dial is retried after one). nats-server 2.9 can
    // close both connections of a route that two nodes dialled at the same moment ("Duplicate
    // Route") and then dial no more, so a cluster that has not meshed by then never will: it is
    // started again on new ports, a few times at most. So is a cluster of which a node lost one of
    // its ports before it bound it (see NatsServer.StartedOnFreePorts).
    private static readonly TimeSpan MeshTimeout = TimeSpan.FromSeconds(10);
    private const int StartAttempts = NatsServer.PortAttempts;

    /// <param name="extraArguments">More nats-server arguments for every node, e.g. "-c" and a configuration file.</param>
    public NatsCluster(int size = 3, params string[] extraArguments) : this(size, jetStream: false, extraArguments)
    {
    }

    /// <param name="jetStream">Every node runs JetStream (a store of its own); ready once the nodes agree on a JetStream meta leader.</param>
    public NatsCluster(int size, bool jetStream, params string[] extraArguments)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                // The last attempt waits as long as any other start does, for a machine that is just slow.
                Start(size, jetStream, extraArguments, attempt < StartAttempts ? MeshTimeout : null);
                return;
            }
            catch (Exception e) when (e is TimeoutException or PortTakenException && attempt < StartAttempts)
            {
            }
        }
    }

    /// <summary>Starts the nodes and waits for them to mesh; on failure every node is stopped and forgotten.</summary>
    private void Start(int size, bool jetStream, string[] extraArguments, TimeSpan? meshTimeout)
    {
        string name = $"qv{Environment.ProcessId}x{Guid.NewGuid():N}"[..20];
        var clusterPorts = Enumerable.Range(0, size).Select(_ => FreePort.Pick()).ToArray();
        string routes = string.Join(",", clusterPorts.Select(port => $"nats://127.0.0.1:{port}"));
        try
        {
            for (int i = 0; i < size; i++)
            {
                Nodes.Add(new NatsServer($"node{i}", FreePort.Pick(), FreePort.Pick(),
                    ["--cluster_name", name, "--cluster", $"nats://127.0.0.1:{clusterPorts[i]}", "--routes", routes, .. extraArguments], jetStream));
            }
            foreach (var node in Nodes)
                node.WaitUntil("routez", routez => routez.GetProperty("num_routes").GetInt32() >= size - 1, meshTimeout);
            if (jetStream)
            {
                foreach (var node in Nodes)
                    node.WaitUntil("jsz", jsz => jsz.TryGetProperty("meta_cluster", out var meta) && meta.TryGetProperty("leader", out var leader) && leader.GetString() is { Length: > 0 });
            }
        }
        catch
        {
            Dispose();
            Nodes.Clear();
            throw;
        }
    }

    public List<NatsServer> Nodes { get; } = new();

    /// <summary>Every node's URL, the one a client should try first leading.</summary>
    public string UrlsStartingWith(int node) => string.Join(",", Nodes.Skip(node).Concat(Nodes.Take(node)).Select(n => n.Url));

    public void Dispose()
    {
        foreach (var node in Nodes)
            node.Dispose();
    }
}
