using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Quiver.Bridge.Tests;

/// <summary>Looks at a topic's stream from the side, as an operator would with the nats tool: what it holds, how far a consumer acknowledged.</summary>
internal sealed class JetStreamProbe(string url, string prefix, string topic) : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly NatsConnection _nats = new(new NatsOpts { Url = url });

    public string StreamName { get; } = JetStreamNames.Stream(new SubjectMapping(prefix), topic);

    public async Task<StreamInfo> StreamAsync() => (await new NatsJSContext(_nats).GetStreamAsync(StreamName)).Info;

    public async Task<ConsumerInfo> ConsumerAsync(string name) => (await new NatsJSContext(_nats).GetConsumerAsync(StreamName, name)).Info;

    /// <summary>
    /// Until the exporter has stored its announcement after its permission probe (stream sequences
    /// 1 and 2, read from the last sequence, which retention does not lower): it follows the
    /// topic's publisher, so every sample sent from now on reaches it.
    /// </summary>
    public Task UntilExporterFollowsAsync() =>
        UntilAsync("the exporter follows the publisher (its announcement is in the stream)", async () => (await StreamAsync()).State.LastSeq >= 2);

    /// <summary>Polls until <paramref name="holds"/> is true; fails the test with <paramref name="what"/> after a long wait.</summary>
    public static async Task UntilAsync(string what, Func<Task<bool>> holds)
    {
        var waited = Stopwatch.StartNew();
        while (!await holds())
        {
            if (waited.Elapsed > Patience)
                Assert.Fail($"Still not true after {Patience}: {what}");
            await Task.Delay(20);
        }
    }

    public ValueTask DisposeAsync() => _nats.DisposeAsync();
}
