namespace Quiver.Chaos;

/// <summary>
/// What must hold after a chaos run; every broken rule is one line, so the soak (and the test that
/// runs a short one) can say exactly what went wrong. See docs/benchmarks.md, "Chaos soak".
/// </summary>
public static class ChaosChecks
{
    public static List<string> Problems(ChaosReport report)
    {
        var problems = new List<string>(report.Faults);
        problems.AddRange(report.FailedExits);
        CheckPublishers(report, problems);
        foreach (var life in report.Lives)
            CheckLife(life, problems);
        CheckMemory(report, problems);
        if (report.Sent != report.Options.Messages)
            problems.Add($"{report.Sent:N0} samples were sent in all, {report.Options.Messages:N0} were asked for");
        problems.AddRange(report.LeftInRuntimeDirectory.Select(name => $"left in the runtime directory: {name}"));
        problems.AddRange(report.LeftOutside.Select(name => $"left behind: {name}"));
        problems.AddRange(report.ProcessesLeft.Select(pid => $"process {pid} is still there"));
        return problems;
    }

    private static void CheckPublishers(ChaosReport report, List<string> problems)
    {
        foreach (var publisher in report.Publishers.Where(p => !p.Killed))
        {
            if (publisher.Totals is not { } totals)
            {
                problems.Add($"publisher {publisher.Number} neither finished nor was killed");
                continue;
            }
            if (totals.Sent != publisher.Messages)
                problems.Add($"publisher {publisher.Number} sent {totals.Sent}, not the {publisher.Messages} it was asked for");
            // The pacing keeps every queue from filling: a skip means the publisher lost count of what it sent.
            if (totals.Skipped != 0 || totals.InFlight != 0 || totals.Loaned != 0 || totals.AllocatedBytes != 0)
                problems.Add($"publisher {publisher.Number} ended with {totals.Skipped} skipped, {totals.InFlight} in flight, {totals.Loaned} loaned, {totals.AllocatedBytes} B allocated");
            if (!publisher.SaidBye)
                problems.Add($"publisher {publisher.Number} did not leave cleanly");
        }
    }

    private static void CheckLife(Life life, List<string> problems)
    {
        if (life.View is { } view)
        {
            if (view.Bad != 0)
                problems.Add($"{life}: {view.Bad} samples were wrong (content, length, order, or left unreleased)");
            // Every sample sent while it was connected reached it: the sequences it saw have no gap.
            if (view.Received > 0 && (long)(view.Last - view.First + 1) != view.Received)
                problems.Add($"{life}: received {view.Received} samples of sequences {view.First}..{view.Last}");
            if (view.Released != view.Received)
                problems.Add($"{life}: released {view.Released} of {view.Received} samples");
            // Drop tokens for samples released after its publisher died have nowhere to go.
            long tokensDue = life.End == LifeEnd.RunEnded ? view.Received : view.DropTokens;
            if (view.DropTokens > view.Released || view.DropTokens != tokensDue)
                problems.Add($"{life}: {view.DropTokens} drop tokens sent for {view.Released} samples released");
        }
        switch (life.End)
        {
            case LifeEnd.SubscriberKilled when life.Departure is null:
                problems.Add($"{life}: killed, and its publisher never reported it gone");
                break;
            case LifeEnd.SubscriberKilled:
                if (life.Departure.Skipped != 0 || life.Departure.Holding > ChaosTopic.QueueDepth || life.Departure.Holding > life.Departure.Received)
                    problems.Add($"{life}: its publisher reports {life.Departure}");
                break;
            case LifeEnd.RunEnded when life.Departure is null || life.View is null:
                problems.Add($"{life}: ended with the run, but the publisher's report ({life.Departure}) or the subscriber's ({life.View}) is missing");
                break;
            case LifeEnd.RunEnded:
                // Both sides agree, nothing was left held, and the subscriber saw the publisher's last sample.
                if (life.Departure.Received != life.View.Received || life.Departure.Skipped != 0 || life.Departure.Holding != 0)
                    problems.Add($"{life}: the publisher reports {life.Departure}, the subscriber {life.View}");
                if (life.View.Received > 0 && (long)life.View.Last != life.Publisher.Sent)
                    problems.Add($"{life}: the last sample it received was {life.View.Last} of {life.Publisher.Sent}");
                break;
            case LifeEnd.PublisherKilled:
                break;
            case LifeEnd.Open:
                problems.Add($"{life}: never ended");
                break;
        }
    }

    private static void CheckMemory(ChaosReport report, List<string> problems)
    {
        var options = report.Options;
        foreach (var publisher in report.Publishers)
        {
            if (publisher.Checkpoints.Max(c => (int?)c.Segments) is { } most && most > options.SegmentBound)
                problems.Add($"publisher {publisher.Number} had {most} segments, more than {options.SegmentBound}");
            CheckGrowth($"publisher {publisher.Number}", publisher.Checkpoints.Select(c => c.Memory).OfType<ProcessMemory>().ToList(), options, problems);
        }
        foreach (var subscriber in report.Subscribers)
        {
            string who = $"{subscriber.Process.Role} (pid {subscriber.Process.ProcessId})";
            CheckGrowth(who, subscriber.Memory, options, problems);
            // A publisher's segments and one notification channel; a dead publisher's must be gone once its samples are released.
            if (subscriber.Memory.Max(m => (int?)m.QuiverMappings) is { } mapped && mapped > ChaosTopic.MaxSegments + 1)
                problems.Add($"{who} mapped {mapped} Quiver memfds at once");
            if (!subscriber.Process.Killed && subscriber.Final is not { QuiverMappings: 0 })
                problems.Add($"{who} still maps Quiver memfds after its last life: {subscriber.Final}");
        }
    }

    /// <param name="memory">A process's checkpoints in order; the first <see cref="ChaosOptions.WarmUp"/> of them are its warm-up.</param>
    private static void CheckGrowth(string who, IReadOnlyList<ProcessMemory> memory, ChaosOptions options, List<string> problems)
    {
        // Too short a life to tell a trend from the warm-up.
        if (memory.Count < 4)
            return;
        var warm = memory[options.EndOfWarmUp(memory.Count)];
        var end = memory[^1];
        if (end.Anonymous - warm.Anonymous >= options.AnonymousGrowthBound || end.Total - warm.Total >= options.TotalGrowthBound)
            problems.Add($"{who} grew from {warm} after its warm-up to {end} (bounds: anonymous +{options.AnonymousGrowthBound >> 20} MiB, total +{options.TotalGrowthBound >> 20} MiB)");
    }
}
