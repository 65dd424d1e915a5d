using Quiver.Transport;

namespace Quiver.Recording;

public sealed record RecorderOptions
{
    /// <summary>Start a new file for a topic once its current one would grow past this many bytes (null: never).</summary>
    public long? SplitSize { get; init; }

    /// <summary>Stop by itself after this long (null: until stopped).</summary>
    public TimeSpan? MaxDuration { get; init; }

    /// <summary>
    /// Messages received and not yet written, per topic. The recorder copies each sample out of shared memory and
    /// releases it at once, so a slow disk never holds the publisher's memory; when this queue is full, new messages
    /// are dropped and counted (<see cref="RecordedTopic.DroppedByRecorder"/>).
    /// </summary>
    public int QueueDepth { get; init; } = 1024;

    /// <summary>The same bound in bytes, for large messages.</summary>
    public long QueueBytes { get; init; } = 512L << 20;

    /// <summary>
    /// Re-encode every batch with Arrow IPC body compression (docs/recording.md): smaller files for
    /// CPU time on the recorder's writing threads. The schema message stays as published.
    /// </summary>
    public RecordingCompression Compression { get; init; }

    /// <summary>Replace a recording already in the directory instead of refusing.</summary>
    public bool Force { get; init; }

    /// <summary>How long to wait for each topic's publisher at the start (zero: it must be live already).</summary>
    public TimeSpan WaitForPublisher { get; init; }

    /// <summary>
    /// Joins a topic at the start, as a subscriber to any message type; null joins with
    /// <see cref="Subscriber.ConnectToAnyType"/> and <see cref="WaitForPublisher"/>. A command line
    /// passes its own, to wait and report a missing publisher as its other commands do.
    /// </summary>
    public Func<string, Subscriber>? Connect { get; init; }

    public TransportLog? Log { get; init; }

    /// <summary>Opens a file for writing; tests substitute one that fails, as a full disk does.</summary>
    internal Func<string, Stream> OpenFile { get; init; } = path =>
        new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);

    internal void Validate()
    {
        if (SplitSize is <= 0)
            throw new ArgumentOutOfRangeException(nameof(SplitSize), SplitSize, "The split size must be positive.");
        if (MaxDuration is { } duration && duration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(MaxDuration), duration, "The maximum duration must be positive.");
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueDepth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(QueueBytes, 1);
        if (!Enum.IsDefined(Compression))
            throw new ArgumentOutOfRangeException(nameof(Compression), Compression, "Not a compression of a recording.");
    }
}
