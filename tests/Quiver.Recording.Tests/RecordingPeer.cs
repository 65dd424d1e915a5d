using Quiver.Tests;

namespace Quiver.Recording.Tests;

/// <summary>tests/Quiver.Recording.TestPeer as a child process: a publisher of images or readings, or a recorder.</summary>
public sealed class RecordingPeer : TestPeerProcess
{
    private RecordingPeer(string runtimeDirectory, params string[] arguments)
        : base("Quiver.Recording.TestPeer", runtimeDirectory, arguments)
    {
    }

    public static RecordingPeer Publisher(RecordingFixture fixture, string topic, string kind, int count) =>
        new(fixture.RuntimeDirectoryPath, "publish", topic, kind, count.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static RecordingPeer Recorder(RecordingFixture fixture, string directory, params string[] topics) =>
        new(fixture.RuntimeDirectoryPath, ["record", directory, .. topics]);

    /// <summary>Waits for the subscribers, sends every message and waits until each came back.</summary>
    public void SendAll(int subscribers)
    {
        Tell($"WAIT {subscribers}");
        Expect("SUBSCRIBED");
        Tell("SEND");
        Expect("SENT");
        Tell("DRAIN");
        Expect("DRAINED");
    }
}
