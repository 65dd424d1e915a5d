using Quiver.Tests;

namespace Quiver.Messages.Tests.Topics;

/// <summary>A Quiver.Topics.TestPeer child process (see <see cref="TestPeerProcess"/>).</summary>
public sealed class TopicPeer(string runtimeDirectory, params string[] arguments)
    : TestPeerProcess("Quiver.Topics.TestPeer", runtimeDirectory, arguments);
