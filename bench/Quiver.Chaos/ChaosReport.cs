namespace Quiver.Chaos;

/// <summary>Everything a chaos run saw, for <see cref="ChaosChecks"/> to judge and <see cref="Describe"/> to print.</summary>
public sealed record ChaosReport(
    ChaosOptions Options,
    TimeSpan Elapsed,
    IReadOnlyList<Incarnation> Publishers,
    IReadOnlyList<SubscriberProcess> Subscribers,
    IReadOnlyList<Life> Lives,
    int SubscriberKills,
    IReadOnlyList<string> Faults,
    IReadOnlyList<string> LeftInRuntimeDirectory,
    IReadOnlyList<string> LeftOutside,
    IReadOnlyList<int> ProcessesLeft,
    IReadOnlyList<string> FailedExits)
{
    public long Sent => Publishers.Sum(publisher => publisher.Sent);
    public int PublisherKills => Publishers.Count(publisher => publisher.Killed);

    /// <summary>Deliveries the publishers counted, and how each came back: a drop token from the subscriber, or taken back when it died.</summary>
    public (long Delivered, long DropTokens, long TakenBack) DropTokenLedger
    {
        get
        {
            var departures = Lives.Select(life => life.Departure).OfType<Departure>().ToList();
            long delivered = departures.Sum(departure => departure.Received);
            long takenBack = departures.Sum(departure => (long)departure.Holding);
            return (delivered, delivered - takenBack, takenBack);
        }
    }

    public IEnumerable<string> Describe()
    {
        yield return $"Chaos soak, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: {Sent:N0} samples (asked {Options.Messages:N0}, seed {Options.Seed}) of {ChaosPayload.MinLength} B to {ChaosPayload.MaxLength >> 20} MiB in {Elapsed.TotalSeconds:F0} s " +
                     $"({Sent / Math.Max(Elapsed.TotalSeconds, 1e-3):N0}/s); {SubscriberKills} subscriber kills, {PublisherKills} publisher kill; {Subscribers.Count} subscriber processes, {Lives.Count} subscriber lives.";
        foreach (var publisher in Publishers)
        {
            var checkpoints = publisher.Checkpoints.Where(c => c.Memory is not null).ToList();
            string memory = checkpoints.Count == 0 ? "no checkpoint" :
                $"{Trend(checkpoints.Select(c => c.Memory!.Value).ToList())}, segments {checkpoints.Min(c => c.Segments)}..{checkpoints.Max(c => c.Segments)} over {checkpoints.Count} checkpoints";
            string end = publisher.Totals is { } t
                ? $"at the end: in flight {t.InFlight}, loaned {t.Loaned}, allocated {t.AllocatedBytes} B, skipped {t.Skipped}, {t.Segments} segments"
                : "killed (SIGKILL)";
            yield return $"- publisher {publisher.Number} (pid {publisher.ProcessId}): sent {publisher.Sent:N0} of {publisher.Messages:N0}; {memory}; {end}";
        }
        var (delivered, tokens, takenBack) = DropTokenLedger;
        yield return $"- drop tokens: {delivered:N0} deliveries counted by the publishers at departure = {tokens:N0} released with a drop token + {takenBack:N0} taken back from killed subscribers; " +
                     $"lives ended by a subscriber kill {Lives.Count(l => l.End == LifeEnd.SubscriberKilled)}, by the publisher kill {Lives.Count(l => l.End == LifeEnd.PublisherKilled)}, by the end of the run {Lives.Count(l => l.End == LifeEnd.RunEnded)}";
        long received = Lives.Sum(life => life.View?.Received ?? 0), bad = Lives.Sum(life => life.View?.Bad ?? 0);
        yield return $"- subscribers that lived to say so received {received:N0} samples, {bad} bad";
        foreach (var subscriber in Subscribers.Where(s => s.Memory.Count > 0).OrderByDescending(s => s.Memory.Count).Take(3))
            yield return $"- longest-lived: {subscriber.Process.Role} (pid {subscriber.Process.ProcessId}{(subscriber.Process.Killed ? ", killed" : "")}): {Trend(subscriber.Memory)} " +
                         $"over {subscriber.Memory.Count} checkpoints, Quiver mappings at most {subscriber.Memory.Max(m => m.QuiverMappings)}" +
                         (subscriber.Final is { } final ? $", {final.QuiverMappings} after its last life" : "");
        yield return $"- left behind: runtime directory {LeftInRuntimeDirectory.Count} entries, /dev/shm and temp {LeftOutside.Count}, processes {ProcessesLeft.Count}";
    }

    /// <summary>"resident 44 / 60 / 62 MiB (anonymous 3 / 10 / 11 MiB)": first checkpoint, end of the warm-up (what the checks compare from), last.</summary>
    private string Trend(IReadOnlyList<ProcessMemory> memory)
    {
        var warm = memory[Options.EndOfWarmUp(memory.Count)];
        return $"resident {memory[0].Total >> 20} / {warm.Total >> 20} / {memory[^1].Total >> 20} MiB (anonymous {memory[0].Anonymous >> 20} / {warm.Anonymous >> 20} / {memory[^1].Anonymous >> 20} MiB) at start / after warm-up / end";
    }
}
