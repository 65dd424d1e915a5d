using System.Text.Json;
using Quiver.Tests;

namespace Quiver.Cli.Tests;

/// <summary><c>quiver topics</c> against real publisher processes: C# and Python, typed and raw, at once.</summary>
public sealed class TopicsCommandTests : IDisposable
{
    private readonly LiveDirectory _live = new();

    public void Dispose() => _live.Dispose();

    private static JsonElement Topic(JsonElement listing, string name) =>
        listing.EnumerateArray().Single(topic => topic.GetProperty("topic").GetString() == name);

    [PyarrowFact]
    public void Lists_csharp_and_python_publishers_typed_and_raw_with_what_their_handshakes_say()
    {
        using var camera = new CameraPeer(_live.Runtime, "camera/front", 20);
        using var csharpRaw = RawPublisherPeer.CSharp(_live.Runtime, "raw/csharp");
        using var pythonRaw = RawPublisherPeer.Python(_live.Runtime, "raw/python");
        using var detector = new DetectorPeer(_live.Runtime, _live.GeneratedPython(), "detections", 1000);

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "topics", "--json");

        Assert.True(exitCode == 0, errors);
        var listing = JsonDocument.Parse(output).RootElement;
        Assert.Equal(["camera/front", "detections", "raw/csharp", "raw/python"], listing.EnumerateArray().Select(t => t.GetProperty("topic").GetString()));
        Assert.All(listing.EnumerateArray(), topic => Assert.Equal("live", topic.GetProperty("state").GetString()));
        AssertTopic(Topic(listing, "camera/front"), "vision.Image", _live.Fingerprint("vision.Image"), camera.ProcessId, "shared-memory ring", CameraPeer.QueueDepth);
        AssertTopic(Topic(listing, "detections"), "perception.Detections", _live.Fingerprint("perception.Detections"), detector.ProcessId, "socket", 64);
        AssertTopic(Topic(listing, "raw/csharp"), RawPublisherPeer.MessageType, RawPublisherPeer.Fingerprint, csharpRaw.ProcessId, "shared-memory ring", 64);
        AssertTopic(Topic(listing, "raw/python"), RawPublisherPeer.MessageType, RawPublisherPeer.Fingerprint, pythonRaw.ProcessId, "socket", 64);
    }

    private static void AssertTopic(JsonElement topic, string type, string fingerprint, int pid, string notification, int queueDepth)
    {
        Assert.Equal(type, topic.GetProperty("type").GetString());
        Assert.Equal(fingerprint, topic.GetProperty("fingerprint").GetString());
        Assert.Equal(pid, topic.GetProperty("pid").GetInt32());
        Assert.Equal(notification, topic.GetProperty("notification").GetString());
        Assert.Equal(queueDepth, topic.GetProperty("queueDepth").GetInt32());
    }

    [Fact]
    public void The_table_shows_each_topic_on_a_line_and_counts_the_subscribers()
    {
        using var publisher = RawPublisherPeer.CSharp(_live.Runtime, "raw/counted");
        using var first = new RawSubscriberPeer(_live.Runtime, "raw/counted");
        using var second = new RawSubscriberPeer(_live.Runtime, "raw/counted");
        publisher.Tell("WAIT 2");
        publisher.Expect("SUBSCRIBED");

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "topics");

        Assert.True(exitCode == 0, errors);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Equal(["TOPIC", "TYPE", "FINGERPRINT", "PID", "SUBSCRIBERS", "STATE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(["raw/counted", "test.Bytes", RawPublisherPeer.Fingerprint, publisher.ProcessId.ToString(), "2", "live"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void A_socket_left_by_a_killed_publisher_is_stale_never_live()
    {
        using var alive = RawPublisherPeer.CSharp(_live.Runtime, "raw/alive");
        using (var killed = RawPublisherPeer.CSharp(_live.Runtime, "raw/killed"))
            killed.Kill();
        Assert.True(File.Exists(Path.Combine(_live.Runtime, "raw+killed.sock")), "SIGKILL leaves the socket file behind");

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "topics", "--json");

        Assert.True(exitCode == 0, errors);
        var listing = JsonDocument.Parse(output).RootElement;
        Assert.Equal("live", Topic(listing, "raw/alive").GetProperty("state").GetString());
        var stale = Topic(listing, "raw/killed");
        Assert.Equal("stale", stale.GetProperty("state").GetString());
        Assert.False(stale.TryGetProperty("pid", out _));
        Assert.False(stale.TryGetProperty("type", out _));
        Assert.Contains("stale: publisher gone", QuiverProcess.Run(_live.Runtime, "topics").Output);
    }

    [Fact]
    public void Rates_count_the_messages_and_bytes_of_each_live_topic()
    {
        using var camera = new CameraPeer(_live.Runtime, "camera/rated", 50);
        using var idle = RawPublisherPeer.Python(_live.Runtime, "raw/idle");

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "topics", "--rates", "--window", "0.5", "--json");

        Assert.True(exitCode == 0, errors);
        var listing = JsonDocument.Parse(output).RootElement;
        var camera50 = Topic(listing, "camera/rated");
        var messages = camera50.GetProperty("messagesPerSecond").GetDouble();
        var bytes = camera50.GetProperty("bytesPerSecond").GetDouble();
        Assert.True(messages > 0, output);
        // Every frame has the same size, so bytes/s is messages/s times that size (both counted in the same window).
        var frameMessageBytes = bytes / messages;
        Assert.InRange(frameMessageBytes, CameraPeer.FrameBytes, CameraPeer.FrameBytes + 4096);
        Assert.Equal(0, Topic(listing, "raw/idle").GetProperty("messagesPerSecond").GetDouble());
    }

    [Fact]
    public void An_empty_runtime_directory_says_so()
    {
        var (exitCode, output, _) = QuiverProcess.Run(_live.Runtime, "topics");

        Assert.Equal(0, exitCode);
        Assert.Equal($"No topics in {_live.Runtime}.\n", output);
        Assert.Equal("[]\n", QuiverProcess.Run(_live.Runtime, "topics", "--json").Output);
    }
}
