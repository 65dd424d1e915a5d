namespace Quiver.Bridge;

/// <summary>
/// Reliable mode (docs/bridge.md, "Reliable mode"): every topic of the bridge travels through a
/// JetStream stream of its own, at least once, and importers deliver each message once.
/// </summary>
public sealed record ReliableOptions
{
    /// <summary>Messages older than this leave the stream.</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>When a stream holds more than this many bytes, its oldest messages leave.</summary>
    public long MaxBytes { get; init; } = 1L << 30;

    /// <summary>Copies of each stream in the cluster: 3 survives the loss of one node, 1 keeps the stream on one node only.</summary>
    public int Replicas { get; init; } = 3;

    /// <summary>Where a new importer starts: null for messages sent from now on, else the first retained message sent at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>
    /// The durable consumer an importer reads through; a restarted importer with the same name
    /// resumes after the last message it republished. Null: <see cref="DefaultConsumerName"/>.
    /// </summary>
    public string? ConsumerName { get; init; }

    /// <summary>Most chunks an importer has taken from a stream and not yet acknowledged (its in-flight bound).</summary>
    public int ImportInFlight { get; init; } = 256;

    /// <summary>
    /// "import-" + this machine's name + the first 8 hex digits of a hash of the runtime
    /// directory: the same host restarting resumes, two hosts (or runtime directories) never share one.
    /// </summary>
    public static string DefaultConsumerName(string runtimeDirectory)
    {
        var hash = System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(runtimeDirectory));
        var machine = new string(Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-').ToArray());
        return $"import-{machine}-{hash >> 32:x8}";
    }

    internal void Validate(BridgeOptions bridge)
    {
        if (MaxAge <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MaxAge), MaxAge, "A stream's MaxAge must be positive.");
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, bridge.MaxChunkBytes, nameof(MaxBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(Replicas, 1, nameof(Replicas));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Replicas, 5, nameof(Replicas));
        // An importer acknowledges the chunks of one message together once it is whole, so its bound
        // must hold a whole message (cut as this bridge would cut it; a message an exporter cut
        // finer than the bound holds is dropped as too large). An exporter acknowledges nothing.
        long chunksOfLargest = (bridge.MaxMessageBytes + bridge.MaxChunkBytes - ChunkHeader.Size - 1) / (bridge.MaxChunkBytes - ChunkHeader.Size);
        ArgumentOutOfRangeException.ThrowIfLessThan(ImportInFlight, 2, nameof(ImportInFlight));
        if (bridge.Import.Count > 0 && ImportInFlight <= chunksOfLargest)
            throw new ArgumentOutOfRangeException(nameof(ImportInFlight), ImportInFlight,
                $"An importer's in-flight bound must exceed the chunks of the largest message ({chunksOfLargest} for {bridge.MaxMessageBytes} bytes in chunks of {bridge.MaxChunkBytes}).");
        var subjects = new SubjectMapping(bridge.Prefix);
        foreach (var topic in bridge.Export.Concat(bridge.Import))
        {
            if (JetStreamNames.Stream(subjects, topic).Length > JetStreamNames.MaxLength)
                throw new ArgumentException($"Topic '{topic}' with prefix '{bridge.Prefix}' makes a JetStream stream name longer than {JetStreamNames.MaxLength} characters; use a shorter prefix or topic.");
        }
        if (ConsumerName is { } name && !JetStreamNames.IsValidName(name))
            throw new ArgumentException($"A consumer name is 1 to {JetStreamNames.MaxLength} letters, digits, '-' or '_'; '{name}' is not.", nameof(ConsumerName));
    }
}
