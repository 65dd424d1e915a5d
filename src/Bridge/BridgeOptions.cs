using NATS.Client.Core;
using Quiver.Transport;

namespace Quiver.Bridge;

/// <summary>What a <see cref="Bridge"/> connects to, which topics it carries each way, and its limits (docs/bridge.md, "Options").</summary>
public sealed record BridgeOptions
{
    /// <summary>Servers of the NATS cluster, e.g. <c>nats://host-a:4222,nats://host-b:4222</c>.</summary>
    public string NatsUrl { get; init; } = "nats://127.0.0.1:4222";

    /// <summary>Credentials and TLS as NATS.Net takes them (user/password, token, nkey or creds file).</summary>
    public NatsAuthOpts Auth { get; init; } = NatsAuthOpts.Default;

    public NatsTlsOpts Tls { get; init; } = NatsTlsOpts.Default;

    /// <summary>The subject token that keeps one fleet's topics apart from another's on a shared cluster.</summary>
    public string Prefix { get; init; } = "default";

    /// <summary>Local topics sent to the cluster.</summary>
    public IReadOnlyList<string> Export { get; init; } = [];

    /// <summary>Topics taken from the cluster and republished locally.</summary>
    public IReadOnlyList<string> Import { get; init; } = [];

    /// <summary>
    /// Most samples the exporter of one topic holds while they are on their way to NATS; when it
    /// holds this many, further samples are skipped (and counted), so a slow link never blocks
    /// the local publisher. At most the publisher's own queue depth takes effect.
    /// </summary>
    public int ExportQueueDepth { get; init; } = 16;

    /// <summary>Largest NATS message the bridge sends, header included; the server's max_payload caps it further.</summary>
    public int MaxChunkBytes { get; init; } = 1 << 20;

    /// <summary>
    /// Largest batch body: small messages already queued together at an exporter go out as one NATS
    /// message of at most this many bytes (each message takes 4 more), never waiting for one
    /// another. The chunk limit caps it too. Zero sends every message on its own.
    /// </summary>
    public int MaxBatchBytes { get; init; } = 64 << 10;

    /// <summary>The smallest <see cref="MaxChunkBytes"/> that works: a chunk's header and one byte of the message.</summary>
    public const int SmallestChunkBytes = ChunkHeader.Size + 1;

    /// <summary>Largest message an importer accepts: a chunk stream that declares more is dropped before anything is loaned.</summary>
    public long MaxMessageBytes { get; init; } = 64L << 20;

    /// <summary>A message whose chunks have not all arrived this long after its first is dropped.</summary>
    public TimeSpan ReassemblyTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long startup waits for the cluster; the bridge reconnects on its own after that.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The pool of an importer's local publisher; a message that finds it full is dropped and counted.</summary>
    public PublisherOptions ImportPublisher { get; init; } = new() { WhenExhausted = ExhaustionPolicy.Throw };

    public TransportLog? Log { get; init; }

    /// <summary>Null: core NATS, at most once. Set: every topic of this bridge goes through a JetStream stream (docs/bridge.md, "Reliable mode").</summary>
    public ReliableOptions? Reliable { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        _ = new SubjectMapping(Prefix);
        foreach (var topic in Export.Concat(Import))
            TopicName.Validate(topic);
        var both = Export.Intersect(Import, StringComparer.Ordinal).ToList();
        if (both.Count > 0)
            throw new ArgumentException($"Topic '{both[0]}' is both exported and imported by one bridge; a topic has one direction per bridge.");
        if (Export.Count + Import.Count == 0)
            throw new ArgumentException("A bridge needs at least one topic to export or import.");
        ArgumentOutOfRangeException.ThrowIfLessThan(ExportQueueDepth, 1, nameof(ExportQueueDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxChunkBytes, SmallestChunkBytes, nameof(MaxChunkBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxBatchBytes, nameof(MaxBatchBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxMessageBytes, 0, nameof(MaxMessageBytes));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(MaxMessageBytes, int.MaxValue, nameof(MaxMessageBytes));
        if (ReassemblyTimeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(ReassemblyTimeout), ReassemblyTimeout, "ReassemblyTimeout must be positive.");
        Reliable?.Validate(this);
        // A message is reassembled on the NATS connection's reader: waiting there for pool space would stall every topic.
        if (ImportPublisher.WhenExhausted == ExhaustionPolicy.Block)
            throw new ArgumentException("An importer's pool must not block (ExhaustionPolicy.Throw or Grow): waiting for space would stall every topic on the NATS connection.", nameof(ImportPublisher));
    }
}
