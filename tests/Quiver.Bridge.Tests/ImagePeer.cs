using Quiver.Tests;

namespace Quiver.Bridge.Tests;

/// <summary>A Quiver.Topics.TestPeer child on one host: publish-images or subscribe-images (see its Program.cs).</summary>
public sealed class ImagePeer(string runtimeDirectory, params string[] arguments)
    : TestPeerProcess("Quiver.Topics.TestPeer", runtimeDirectory, arguments);
