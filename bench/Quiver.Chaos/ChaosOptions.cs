namespace Quiver.Chaos;

/// <summary>One chaos run: how many samples, what to kill when, where the children are, and the bounds its checks hold it to.</summary>
public sealed record ChaosOptions
{
    /// <summary>Samples sent in all, over every publisher.</summary>
    public long Messages { get; init; } = 10_000_000;
    public ulong Seed { get; init; } = 1;

    /// <summary>The publisher reports progress (and the run samples every process's memory) after this many samples.</summary>
    public int ProgressEvery { get; init; } = 20_000;

    /// <summary>A random subscriber is killed and restarted this often ...</summary>
    public TimeSpan? SubscriberKillEvery { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>... and/or once the run has sent each of these numbers of samples.</summary>
    public IReadOnlyList<long> SubscriberKillsAt { get; init; } = [];

    /// <summary>No subscriber is killed after this share of the samples, so the last lives run to the end.</summary>
    public double StopKillingAt { get; init; } = 0.9;

    /// <summary>The publisher is killed (once) when the run has sent this many samples, and restarted for the rest.</summary>
    public long PublisherKillAt { get; init; } = 5_000_000;

    /// <summary>Resident sets and segments are compared from this share of a process's checkpoints on (the warm-up before it is left out).</summary>
    public double WarmUp { get; init; } = 0.25;

    /// <summary>The checkpoint, of <paramref name="count"/>, that ends a process's warm-up.</summary>
    public int EndOfWarmUp(int count) => (int)(count * WarmUp);

    /// <summary>Most segments a publisher may have at any checkpoint (the pool's own limit is <see cref="ChaosTopic.MaxSegments"/>).</summary>
    public int SegmentBound { get; init; } = 4;

    /// <summary>Most a process's anonymous resident memory may grow from the warm-up to its last checkpoint.</summary>
    public long AnonymousGrowthBound { get; init; } = 32 << 20;

    /// <summary>Most a process's whole resident set may grow from the warm-up to its last checkpoint (one more segment touched is 32 MiB).</summary>
    public long TotalGrowthBound { get; init; } = 64 << 20;

    /// <summary>No output at all from any child for this long fails the run as stalled.</summary>
    public TimeSpan Silence { get; init; } = TimeSpan.FromMinutes(2);

    public required ChaosChildren Children { get; init; }

    /// <summary>Progress lines as the run goes (null: quiet).</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>How to start the children: this assembly with dotnet for the publisher and C# subscribers, Python for the third subscriber.</summary>
/// <param name="ChaosAssembly">Quiver.Chaos.dll.</param>
/// <param name="PythonInterpreter">python3 with numpy.</param>
/// <param name="PythonScript">bench/python/chaos_subscriber.py.</param>
/// <param name="PythonPath">The folder holding the quiver package (the repository's src/Python).</param>
public sealed record ChaosChildren(string ChaosAssembly, string PythonInterpreter, string PythonScript, string PythonPath)
{
    /// <summary>From the repository root: the interpreter of the active virtual environment, else /usr/bin/python3 (as scripts/python-env chooses).</summary>
    public static ChaosChildren InRepository(string repositoryRoot)
    {
        var venv = Environment.GetEnvironmentVariable("VIRTUAL_ENV");
        var python = string.IsNullOrEmpty(venv) ? "/usr/bin/python3" : Path.Combine(venv, "bin", "python3");
        return new ChaosChildren(typeof(ChaosChildren).Assembly.Location, python,
            Path.Combine(repositoryRoot, "bench", "python", "chaos_subscriber.py"), Path.Combine(repositoryRoot, "src", "Python"));
    }
}
