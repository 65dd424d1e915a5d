namespace Quiver.Chaos;

/// <summary>A publisher's report after some samples, with every live process's memory at that moment.</summary>
public sealed record Checkpoint(long Sent, int Segments, int InFlight, ProcessMemory? Memory);

/// <summary>The publisher's <c>DONE</c> line: its stats once every sample was released.</summary>
public sealed record PublisherTotals(long Sent, long Skipped, int InFlight, int Loaned, long AllocatedBytes, int Segments);

/// <summary>One publisher process, from start to kill or clean exit.</summary>
public sealed class Incarnation(int number, ChildProcess process, long messages)
{
    public int Number { get; } = number;
    public ChildProcess Process { get; } = process;
    public int ProcessId => Process.ProcessId;

    /// <summary>Samples it was asked to send.</summary>
    public long Messages { get; } = messages;
    public List<Checkpoint> Checkpoints { get; } = new();
    public PublisherTotals? Totals { get; set; }
    public bool SaidBye { get; set; }
    public bool Killed => Process.Killed;

    /// <summary>What it sent: its own count if it finished, else the last sequence any subscriber received from it.</summary>
    public long Sent { get; set; }
}

/// <summary>The publisher's <c>LEFT</c> line for a subscriber (see <c>PublisherOptions.SubscriberLeft</c>).</summary>
public sealed record Departure(long Received, long Skipped, int Holding);

/// <summary>The subscriber's <c>LIFE</c> line: what it saw of one publisher.</summary>
public sealed record SubscriberView(ulong First, ulong Last, long Received, long Bad, long Released, long DropTokens);

/// <summary>How a subscriber's connection to one publisher ended.</summary>
public enum LifeEnd
{
    /// <summary>Not yet, or the run failed first.</summary>
    Open,
    SubscriberKilled,
    PublisherKilled,
    RunEnded,
}

/// <summary>One subscriber process connected to one publisher process: what each side says about it.</summary>
public sealed class Life(SubscriberProcess subscriber, Incarnation publisher)
{
    public SubscriberProcess Subscriber { get; } = subscriber;
    public Incarnation Publisher { get; } = publisher;
    public Departure? Departure { get; set; }
    public SubscriberView? View { get; set; }
    public LifeEnd End { get; set; }

    public override string ToString() => $"{Subscriber.Process.Role} (pid {Subscriber.Process.ProcessId}) with publisher {Publisher.Number} (pid {Publisher.ProcessId})";
}

/// <summary>A subscriber process: C# or Python, its memory over time, and after its last life what it still maps.</summary>
public sealed class SubscriberProcess(ChildProcess process, bool python)
{
    public ChildProcess Process { get; } = process;
    public bool IsPython { get; } = python;
    public List<ProcessMemory> Memory { get; } = new();
    public Incarnation? Joined { get; set; }
    public bool Stopping { get; set; }
    public ProcessMemory? Final { get; set; }
    public bool Done { get; set; }
}
