using Quiver.Chaos;
using Quiver.Tests;
using Xunit.Abstractions;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// A short run of the chaos soak (bench/Quiver.Chaos, docs/benchmarks.md "Chaos soak"): a
/// publisher process and three subscriber processes (two C#, one Python), two subscribers
/// SIGKILLed and restarted, the publisher SIGKILLed once and restarted, and the same checks as the
/// long run: every sample intact and in order, every subscriber's life reconciled between what the
/// publisher says it sent it and what it says it received and released, every delivery back as a
/// drop token or taken back from a killed subscriber, memory and segments within their bounds,
/// nothing left in the runtime directory, /dev/shm or the temporary folder, no process left.
/// </summary>
[Collection(TransportCollection.Name)]
public sealed class ChaosSoakTests
{
    private const long Messages = 30_000;
    private readonly ITestOutputHelper _output;

    public ChaosSoakTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public void Samples_through_subscriber_and_publisher_kills_are_all_accounted_for()
    {
        var report = ChaosRun.Execute(new ChaosOptions
        {
            Messages = Messages,
            Seed = 7,
            ProgressEvery = 1_000,
            SubscriberKillEvery = null,
            SubscriberKillsAt = [6_000, 22_000],
            PublisherKillAt = 14_000,
            Children = ChaosChildren.InRepository(RepositoryRoot.Path),
            Log = _output.WriteLine,
        });
        foreach (var line in report.Describe())
            _output.WriteLine(line);

        Assert.Empty(ChaosChecks.Problems(report));
        Assert.Equal(Messages, report.Sent);
        Assert.Equal(2, report.SubscriberKills);
        Assert.Equal(1, report.PublisherKills);
        Assert.Equal(2, report.Publishers.Count);
        Assert.Contains(report.Subscribers, subscriber => subscriber.IsPython && subscriber.Process.Killed);
        Assert.Contains(report.Subscribers, subscriber => !subscriber.IsPython && subscriber.Process.Killed);
        // The publisher is killed only with all three subscribers connected; a subscriber restarted
        // late may find the run over, so at least the two that were not killed end with it.
        Assert.Equal(3, report.Lives.Count(life => life.End == LifeEnd.PublisherKilled));
        Assert.InRange(report.Lives.Count(life => life.End == LifeEnd.RunEnded), 2, 3);
        var (delivered, dropTokens, takenBack) = report.DropTokenLedger;
        Assert.Equal(delivered, dropTokens + takenBack);
        Assert.True(dropTokens > 0);
    }
}
