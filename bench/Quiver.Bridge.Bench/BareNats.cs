using System.Diagnostics;
using NATS.Client.Core;

namespace Quiver.Bridge.Bench;

/// <summary>The baseline: the same bytes published whole with NATS.Net on node 0 and received on node 1, no Quiver at either end.</summary>
internal sealed class BareNats(string publishUrl, string subscribeUrl) : BenchPath
{
    protected override async Task<PathRun> RunAsync(string name, int size, int count, TimeSpan interval)
    {
        string subject = $"bare.{Guid.NewGuid():N}";
        await using var publisher = new NatsConnection(new NatsOpts { Url = publishUrl });
        await using var subscriber = new NatsConnection(new NatsOpts { Url = subscribeUrl, SubPendingChannelCapacity = Hosts.ReceiverBacklog });
        await using var subscription = await subscriber.SubscribeCoreAsync<NatsMemoryOwner<byte>>(subject);
        var latencies = new List<long>();
        var probed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long last = 0;
        var receiving = Task.Run(async () =>
        {
            await foreach (var message in subscription.Msgs.ReadAllAsync())
            {
                using var data = message.Data;
                if (data.Length == 0)
                    break;
                // One-byte probes only show that the subscription has reached node 0 through the cluster.
                if (data.Length < 8)
                {
                    probed.TrySetResult();
                    continue;
                }
                last = Stopwatch.GetTimestamp();
                latencies.Add(last - BitConverter.ToInt64(data.Span));
            }
        });
        await WarmUpAsync(publisher, subject, probed.Task);
        var payload = Workload.Payload(size);
        long started = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            Workload.Stamp(payload);
            await publisher.PublishAsync(subject, payload);
            if (interval > TimeSpan.Zero)
                await Task.Delay(interval);
        }
        await publisher.PublishAsync(subject, Array.Empty<byte>());
        // A subscriber that core NATS dropped as a slow consumer (16 MiB back to back on a busy
        // machine) may miss the end marker too: the run then ends with what arrived, which the
        // delivered count shows, instead of failing the whole benchmark.
        if (await Task.WhenAny(receiving, Task.Delay(EndPatience)) != receiving)
            await subscription.UnsubscribeAsync();
        await receiving;
        return new PathRun(latencies, started, last, count);
    }

    private static readonly TimeSpan EndPatience = TimeSpan.FromSeconds(30);

    /// <summary>Interest in a subject crosses the cluster's routes some time after the subscription: probes until one gets through.</summary>
    private static async Task WarmUpAsync(NatsConnection publisher, string subject, Task probed)
    {
        for (int attempt = 0; attempt < 500; attempt++)
        {
            await publisher.PublishAsync(subject, new byte[] { 1 });
            if (await Task.WhenAny(probed, Task.Delay(20)) == probed)
                return;
        }
        throw new TimeoutException($"The subscription to {subject} never reached the publishing node.");
    }
}
