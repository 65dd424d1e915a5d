using System.Diagnostics;
using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Quiver.Bridge.Bench;

/// <summary>
/// The baseline of reliable mode: the same bytes published whole with NATS.Net to a JetStream
/// stream on node 0, each publication waiting for the stream to store it (as the exporter waits for
/// every chunk), and read on node 1 through a durable consumer with explicit acknowledgements (as
/// the importer reads), no Quiver at either end. The stream is set up as the bridge sets up its own.
/// </summary>
internal sealed class BareJetStream(string publishUrl, string subscribeUrl) : BenchPath
{
    protected override async Task<PathRun> RunAsync(string name, int size, int count, TimeSpan interval)
    {
        string id = Guid.NewGuid().ToString("N");
        string subject = $"barejs.{id}", stream = $"barejs-{id}";
        await using var publisher = new NatsConnection(new NatsOpts { Url = publishUrl });
        await using var subscriber = new NatsConnection(new NatsOpts { Url = subscribeUrl });
        var store = new NatsJSContext(publisher);
        await store.CreateStreamAsync(new StreamConfig(stream, [subject])
        {
            Storage = StreamConfigStorage.File,
            NumReplicas = Hosts.StreamReplicas,
            MaxBytes = Hosts.StreamBytes,
            Discard = StreamConfigDiscard.Old,
        });
        try
        {
            var consumer = await new NatsJSContext(subscriber).CreateOrUpdateConsumerAsync(stream,
                new ConsumerConfig($"bench-{id}") { AckPolicy = ConsumerConfigAckPolicy.Explicit, MaxAckPending = Hosts.ImportInFlight });
            var latencies = new List<long>();
            long last = 0;
            var receiving = Task.Run(async () =>
            {
                var consume = new NatsJSConsumeOpts { MaxMsgs = Hosts.ImportInFlight };
                await foreach (var message in consumer.ConsumeAsync(NatsRawSerializer<NatsMemoryOwner<byte>>.Default, consume))
                {
                    bool end;
                    using (var data = message.Data)
                    {
                        end = data.Length == 0;
                        if (!end)
                        {
                            last = Stopwatch.GetTimestamp();
                            latencies.Add(last - BitConverter.ToInt64(data.Span));
                        }
                    }
                    await message.AckAsync();
                    if (end)
                        break;
                }
            });
            var payload = Workload.Payload(size);
            long started = Stopwatch.GetTimestamp();
            for (int i = 0; i < count; i++)
            {
                Workload.Stamp(payload);
                (await store.PublishAsync(subject, payload)).EnsureSuccess();
                if (interval > TimeSpan.Zero)
                    await Task.Delay(interval);
            }
            (await store.PublishAsync(subject, Array.Empty<byte>())).EnsureSuccess();
            await receiving.WaitAsync(TimeSpan.FromSeconds(120));
            return new PathRun(latencies, started, last, count);
        }
        finally
        {
            await store.DeleteStreamAsync(stream);
        }
    }
}
