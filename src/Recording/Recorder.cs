using System.Collections.Concurrent;
using System.Reflection;

namespace Quiver.Recording;

/// <summary>
/// Records topics into a directory (docs/recording.md): <see cref="Start"/> connects to every
/// topic's publisher, <see cref="Run"/> records until cancelled, the maximum duration is up, or a
/// write fails, then closes every file and writes the final metadata.
/// </summary>
public sealed class Recorder : IDisposable
{
    private static readonly TimeSpan IndexInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MetadataInterval = TimeSpan.FromSeconds(1);

    private readonly string _directory;
    private readonly RecorderOptions _options;
    private readonly IndexWriter _index;
    private readonly List<TopicReceiver> _receivers = [];
    private readonly List<TopicWriter> _writers = [];
    private readonly DateTimeOffset _started = DateTimeOffset.UtcNow;
    // Cancelled when a write fails; never disposed, as writers may still report a failure while the recording finishes.
    private readonly CancellationTokenSource _failure = new();
    private volatile string? _failedBecause;
    private RecordingMetadata? _final;
    private readonly object _metadataLock = new();
    private bool _finishing;

    private Recorder(string directory, RecorderOptions options)
    {
        _directory = directory;
        _options = options;
        _index = new IndexWriter(directory, options.OpenFile);
    }

    public static string ToolVersion { get; } =
        typeof(Recorder).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// Prepares <paramref name="directory"/> (refusing one that holds a recording unless
    /// <see cref="RecorderOptions.Force"/>) and subscribes to every topic. Throws
    /// <see cref="RecordingException"/> or <see cref="Transport.TopicUnavailableException"/>.
    /// </summary>
    public static Recorder Start(string directory, IReadOnlyCollection<string> topics, RecorderOptions? options = null)
    {
        options ??= new RecorderOptions();
        options.Validate();
        if (topics.Count == 0)
            throw new RecordingException("Name at least one topic to record.");
        if (topics.Distinct().Count() != topics.Count)
            throw new RecordingException("A topic is named twice.");
        Prepare(directory, options.Force);
        var recorder = new Recorder(directory, options);
        try
        {
            foreach (var topic in topics)
                recorder.Add(topic);
            recorder.SaveMetadata(ended: null, stoppedBecause: null);
            return recorder;
        }
        catch
        {
            // Nothing was recorded: leave no recording behind to be refused next time.
            recorder.Dispose();
            RecordingFiles.Remove(directory);
            throw;
        }
    }

    /// <summary>
    /// Adds <paramref name="topic"/> to the running recording, as for a publisher that appeared after it started.
    /// Throws <see cref="Transport.TopicUnavailableException"/> when the topic has no publisher now, and
    /// <see cref="RecordingException"/> when the recording already holds the topic or has ended.
    /// </summary>
    public void Join(string topic)
    {
        lock (_metadataLock)
        {
            if (_receivers.Any(r => r.Topic == topic))
                throw new RecordingException($"The recording already holds '{topic}'.");
        }
        Add(topic);
        Persist(() => SaveMetadata(ended: null, stoppedBecause: null));
    }

    /// <summary>What was recorded so far.</summary>
    public RecordingMetadata Snapshot() => _final ?? Metadata(ended: null, stoppedBecause: null);

    /// <summary>Records until <paramref name="cancellation"/> fires, the maximum duration is up or a write fails; returns the final metadata.</summary>
    public RecordingMetadata Run(CancellationToken cancellation = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _failure.Token);
        if (_options.MaxDuration is { } duration)
            stop.CancelAfter(duration);
        var lastMetadata = DateTimeOffset.UtcNow;
        while (!stop.Token.WaitHandle.WaitOne(IndexInterval))
        {
            Persist(_index.Flush);
            if (DateTimeOffset.UtcNow - lastMetadata >= MetadataInterval)
            {
                Persist(() => SaveMetadata(ended: null, stoppedBecause: null));
                lastMetadata = DateTimeOffset.UtcNow;
            }
        }
        var because = _failedBecause ?? (cancellation.IsCancellationRequested ? "stopped" : "maximum duration reached");
        return Finish(because);
    }

    public void Dispose()
    {
        if (_final is null)
            Finish("stopped");
    }

    private RecordingMetadata Finish(string because)
    {
        List<TopicReceiver> receivers;
        List<TopicWriter> writers;
        lock (_metadataLock)
        {
            _finishing = true;
            (receivers, writers) = ([.. _receivers], [.. _writers]);
        }
        foreach (var receiver in receivers)
            receiver.Stop();
        foreach (var writer in writers)
            writer.Join();
        Persist(_index.Dispose);
        _final = Metadata(DateTimeOffset.UtcNow, _failedBecause ?? because);
        // On a full disk the previous metadata.json stays: it is replaced only by a rename.
        Persist(() =>
        {
            lock (_metadataLock)
                _final.Save(_directory);
        });
        return _final;
    }

    /// <summary>Runs a write of the index or the metadata; one that fails stops the recording instead of crashing it.</summary>
    private void Persist(Action write)
    {
        try
        {
            write();
        }
        catch (Exception e) when (e is IOException or RecordingException)
        {
            Fail(e.Message);
        }
    }

    private static void Prepare(string directory, bool force)
    {
        if (RecordingFiles.HoldsRecording(directory))
        {
            if (!force)
                throw new RecordingException($"'{directory}' already holds a recording; choose another directory or pass --force to replace it.");
            RecordingFiles.Remove(directory);
        }
        Directory.CreateDirectory(directory);
    }

    private void Add(string topic)
    {
        var queue = new BlockingCollection<QueuedItem>();
        var receiver = new TopicReceiver(topic, queue, _options);
        var writer = new TopicWriter(receiver, queue, _directory, _index, _options, Fail, () => Persist(() => SaveMetadata(ended: null, stoppedBecause: null)));
        receiver.Start();
        // Under the metadata lock: a writer of a topic added before may already be listing the writers, and a
        // recording that is finishing takes no new topic (it would never stop it).
        lock (_metadataLock)
        {
            if (_finishing)
            {
                receiver.Stop();
                throw new RecordingException($"The recording has ended; '{topic}' was not added.");
            }
            _receivers.Add(receiver);
            _writers.Add(writer);
            writer.Start();
        }
    }

    private void Fail(string because)
    {
        lock (_failure)
        {
            _failedBecause ??= because;
            if (_final is null)
                _failure.Cancel();
        }
    }

    /// <summary>From the recording's thread and from writers opening a file: one at a time, as each goes through the same temporary file.</summary>
    private void SaveMetadata(DateTimeOffset? ended, string? stoppedBecause)
    {
        lock (_metadataLock)
        {
            // A save that comes after the final one (a topic joined as the recording finished) would undo it.
            if (_final is null)
                Metadata(ended, stoppedBecause).Save(_directory);
        }
    }

    private RecordingMetadata Metadata(DateTimeOffset? ended, string? stoppedBecause)
    {
        lock (_metadataLock)
            return new(RecordingMetadata.CurrentFormatVersion, ToolVersion, _started, ended, stoppedBecause, [.. _writers.Select(w => w.Describe())]);
    }
}
