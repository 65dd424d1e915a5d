using NATS.Client.Core;
using NATS.Client.JetStream;
using NATS.Client.JetStream.Models;

namespace Quiver.Bridge.Tests;

/// <summary>
/// A reliable exporter whose stream stops answering tries each chunk again until it is stored, and
/// its <c>--stats</c> line counts the tries; once the stream is back the message gets through.
/// </summary>
public sealed class ExporterRetryTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly NatsServer _server = NatsServer.SingleWithJetStream();

    public void Dispose() => _server.Dispose();

    [Fact]
    public async Task Chunks_the_stream_does_not_confirm_are_sent_again_and_counted_as_retries()
    {
        const string topic = "retry/topic";
        string prefix = Unique.Prefix();
        var subjects = new SubjectMapping(prefix);
        using var a = new Host("a");
        using var exporter = BridgeProcess.Start(a.Directory, "--nats", _server.Url, "--prefix", prefix, "--reliable", "--replicas", "1",
            "--export", topic, "--stats", "0.1");
        using var publisher = new ImagePeer(a.Directory, "publish-images", topic, "1000");
        string what = $"export {topic}:";
        StatsLines.WaitFor(exporter, what, line => line.EndsWith("publisher up", StringComparison.Ordinal), Patience);
        await using var nats = new NatsConnection(new NatsOpts { Url = _server.Url });
        var js = new NatsJSContext(nats);
        string stream = JetStreamNames.Stream(subjects, topic);
        await js.DeleteStreamAsync(stream);

        publisher.Tell("SEND");
        publisher.Expect("SENT 1");
        var failing = StatsLines.WaitFor(exporter, what, line => StatsLines.Numbers(line, what)["retries"] >= 2, Patience);
        Assert.Equal(0, failing["messages"]);

        await js.CreateStreamAsync(new StreamConfig(stream, [subjects.DataSubject(topic)]) { NumReplicas = 1 });
        var recovered = StatsLines.WaitFor(exporter, what, line => StatsLines.Numbers(line, what)["messages"] == 1, Patience);
        Assert.True(recovered["retries"] >= failing["retries"], $"retries went from {failing["retries"]} to {recovered["retries"]}");
        Assert.Equal(0, recovered["skipped"]);
        Assert.True((await js.GetStreamAsync(stream)).Info.State.Messages >= 1, "the message's chunk is not in the stream");
    }
}
