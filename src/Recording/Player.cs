using System.Diagnostics;
using Microsoft.Win32.SafeHandles;
using Quiver.Arrow;
using Quiver.SharedMemory;
using Quiver.Transport;

namespace Quiver.Recording;

/// <summary>What a playback did: messages published per (published) topic, and the damage it played up to.</summary>
public sealed record PlayResult(IReadOnlyDictionary<string, long> Published, IReadOnlyList<string> Problems);

/// <summary>
/// Republishes a recording with its original relative timing (docs/recording.md). Each topic is
/// published under the contract it was recorded with (message type, fingerprint, schema message
/// byte for byte), so subscribers with generated types receive it as from the live publisher.
/// Every sample is loaned and the file's bytes are read straight into it: one copy, disk to
/// shared memory. A file with compressed bodies is read into memory a sample at a time and
/// decompressed straight into the loaned sample (<see cref="SampleDecompressor"/>), so
/// subscribers receive the uncompressed batches. A damaged file plays up to its last whole
/// message; a compressed one also up to its first buffer that does not decompress.
/// </summary>
public sealed class Player : IDisposable
{
    private readonly RecordingReader _recording;
    private readonly PlayerOptions _options;
    private readonly List<Scheduled> _timeline;
    private readonly Dictionary<string, (OpenedFile File, Publisher Publisher)> _publishers = [];
    private readonly Dictionary<OpenedFile, SafeFileHandle> _handles = [];
    private readonly Dictionary<string, long> _published = [];
    private readonly SampleDecompressor _decompressor = new();
    private readonly List<string> _problems = [];
    private readonly HashSet<OpenedFile> _stopped = [];
    private byte[] _compressed = [];

    private Player(RecordingReader recording, PlayerOptions options)
    {
        _recording = recording;
        _options = options;
        _timeline = Timeline(recording, options);
    }

    /// <summary>Opens the recording's files and creates a publisher per topic (refused as any publisher is, e.g. when the topic already has a live one).</summary>
    public static Player Create(RecordingReader recording, PlayerOptions? options = null)
    {
        options ??= new PlayerOptions();
        options.Validate();
        if (options.Topics?.FirstOrDefault(t => recording.Metadata.Topics.All(r => r.Topic != t)) is { } unknown)
            throw new RecordingException($"The recording in '{recording.Directory}' has no topic '{unknown}'; it has {string.Join(", ", recording.Metadata.Topics.Select(t => t.Topic))}.");
        var player = new Player(recording, options);
        if (player._timeline.Count == 0 && options.Start > TimeSpan.Zero && Duration(recording, options) is { } duration)
            throw new RecordingException($"Starting {options.Start.TotalSeconds:0.###} s in skips all of the recording in '{recording.Directory}', which lasts {duration.TotalSeconds:0.###} s.");
        try
        {
            foreach (var first in player._timeline.GroupBy(s => s.File.Topic).Select(g => g.First().File))
                player.PublisherFor(first);
            return player;
        }
        catch
        {
            player.Dispose();
            throw;
        }
    }

    /// <summary>The topics as published (after remapping).</summary>
    public IEnumerable<Publisher> Publishers => _publishers.Values.Select(p => p.Publisher);

    /// <summary>Plays until the end (or, with <see cref="PlayerOptions.Loop"/>, until cancelled).</summary>
    public PlayResult Play(CancellationToken cancellation = default)
    {
        foreach (var (_, publisher) in _publishers.Values)
        {
            if (!publisher.WaitForSubscribers(_options.WaitForSubscribers, _options.SubscriberTimeout))
                throw new RecordingException($"Topic '{publisher.Topic}' did not get {_options.WaitForSubscribers} subscriber(s) within {_options.SubscriberTimeout.TotalSeconds:0.#} s.");
        }
        do
        {
            if (_timeline.Count == 0)
                break;
            var clock = Stopwatch.StartNew();
            foreach (var scheduled in _timeline)
            {
                var wait = Due(scheduled) - clock.Elapsed;
                if (wait > TimeSpan.Zero && cancellation.WaitHandle.WaitOne(wait))
                    return Result();
                if (cancellation.IsCancellationRequested)
                    return Result();
                Publish(scheduled);
            }
        }
        while (_options.Loop && !cancellation.IsCancellationRequested);
        return Result();
    }

    /// <summary>When each message is published, from the start of a pass: the first one at once, the rest at their recorded distance from it divided by the rate.</summary>
    internal IReadOnlyList<TimeSpan> DueTimes => [.. _timeline.Select(Due)];

    public void Dispose()
    {
        foreach (var (_, publisher) in _publishers.Values)
            publisher.Dispose();
        foreach (var handle in _handles.Values)
            handle.Dispose();
        _decompressor.Dispose();
    }

    private TimeSpan Due(Scheduled scheduled) =>
        TimeSpan.FromTicks((long)((scheduled.PublishedNanoseconds - _timeline[0].PublishedNanoseconds) / 100 / _options.Rate));

    private PlayResult Result() => new(new Dictionary<string, long>(_published), [.. _recording.Problems, .. _problems]);

    private void Publish(Scheduled scheduled)
    {
        if (_stopped.Contains(scheduled.File))
            return;
        var publisher = PublisherFor(scheduled.File);
        LoanedSample? loan;
        try
        {
            loan = scheduled.File.Metadata.Compression is null
                ? LoanAsRecorded(publisher, scheduled)
                : LoanDecompressed(publisher, scheduled);
        }
        catch (PoolExhaustedException e)
        {
            // Skipping the message would play a recording that is not the one recorded: stop and say why.
            throw new RecordingException($"Playing stopped at batch {scheduled.Batch} of '{scheduled.File.Metadata.File}': {e.Message}", e);
        }
        if (loan is null)
            return;
        publisher.Send(loan);
        _published[publisher.Topic] = _published.GetValueOrDefault(publisher.Topic) + 1;
    }

    private LoanedSample LoanAsRecorded(Publisher publisher, Scheduled scheduled)
    {
        var loan = publisher.Loan(scheduled.Sample.Length);
        try
        {
            ReadInto(scheduled.File, scheduled.Sample, loan.Span);
            return loan;
        }
        catch
        {
            loan.Dispose();
            throw;
        }
    }

    /// <summary>The sample decompressed into a loan; null, with the file stopped and the problem noted, when it does not decompress.</summary>
    private LoanedSample? LoanDecompressed(Publisher publisher, Scheduled scheduled)
    {
        var sample = scheduled.Sample;
        if (_compressed.Length < sample.Length)
            _compressed = new byte[sample.Length];
        ReadInto(scheduled.File, sample, _compressed.AsSpan(0, sample.Length));
        int length;
        try
        {
            length = _decompressor.Measure(_compressed.AsMemory(0, sample.Length), 0, sample.Length);
        }
        catch (Exception e) when (e is ArrowFormatException or ArrowNotSupportedException)
        {
            return Stop(scheduled, e.Message);
        }
        var loan = publisher.Loan(length);
        try
        {
            _decompressor.WriteTo(loan.Span);
            return loan;
        }
        catch (ArrowFormatException e)
        {
            loan.Dispose();
            return Stop(scheduled, e.Message);
        }
        catch
        {
            loan.Dispose();
            throw;
        }
    }

    private LoanedSample? Stop(Scheduled scheduled, string problem)
    {
        _stopped.Add(scheduled.File);
        _problems.Add($"{scheduled.File.Metadata.File}: played up to batch {scheduled.Batch}, then stopped: the sample at byte {scheduled.Sample.Offset} does not decompress ({problem}; bytes counted from the sample's start).");
        return null;
    }

    private void ReadInto(OpenedFile file, ScannedSample sample, Span<byte> destination)
    {
        if (!_handles.TryGetValue(file, out var handle))
            _handles[file] = handle = File.OpenHandle(file.Scan!.Path);
        var read = 0;
        while (read < sample.Length)
        {
            var n = RandomAccess.Read(handle, destination[read..], sample.Offset + read);
            if (n == 0)
                throw new RecordingException($"'{file.Scan!.Path}' ended at byte {sample.Offset + read} while a message was read from it (it shrank after it was scanned).");
            read += n;
        }
    }

    /// <summary>The topic's publisher for <paramref name="file"/>'s contract; a file of another contract replaces the publisher.</summary>
    private Publisher PublisherFor(OpenedFile file)
    {
        var name = _options.Remap.GetValueOrDefault(file.Topic, file.Topic);
        if (_publishers.TryGetValue(name, out var current))
        {
            if (SameContract(current.File, file))
                return current.Publisher;
            current.Publisher.Dispose();
            _publishers.Remove(name);
        }
        var contract = new TopicContract(file.Metadata.MessageType, Fingerprints.Parse(file.Metadata.Fingerprint), file.Scan!.SchemaMessage);
        var publisher = Publisher.Create(name, contract, _options.Publisher);
        _publishers[name] = (file, publisher);
        return publisher;
    }

    private static bool SameContract(OpenedFile a, OpenedFile b) =>
        a == b || (a.Metadata.MessageType == b.Metadata.MessageType && a.Metadata.Fingerprint == b.Metadata.Fingerprint
                   && a.Scan!.SchemaMessage.AsSpan().SequenceEqual(b.Scan!.SchemaMessage));

    /// <summary>From the first to the last message of the topics to play; null when they hold none.</summary>
    private static TimeSpan? Duration(RecordingReader recording, PlayerOptions options)
    {
        var times = Playable(recording, options).SelectMany(f => f.PublishedNanoseconds).ToList();
        return times.Count == 0 ? null : TimeSpan.FromTicks((times.Max() - times.Min()) / 100);
    }

    private static IEnumerable<OpenedFile> Playable(RecordingReader recording, PlayerOptions options) =>
        recording.Files.Where(f => f.Scan is not null && (options.Topics is null || options.Topics.Contains(f.Topic)));

    private readonly record struct Scheduled(long PublishedNanoseconds, OpenedFile File, int Batch, ScannedSample Sample);

    /// <summary>Every sample to play, in publish-time order across topics (a stable sort keeps each file's order).</summary>
    private static List<Scheduled> Timeline(RecordingReader recording, PlayerOptions options)
    {
        var all = Playable(recording, options)
            .SelectMany(f => f.Scan!.Samples.Select((sample, i) => new Scheduled(f.PublishedNanoseconds[i], f, i, sample)))
            .ToList();
        if (all.Count == 0)
            return all;
        var origin = all.Min(s => s.PublishedNanoseconds) + options.Start.Ticks * 100;
        return [.. all.Where(s => s.PublishedNanoseconds >= origin).OrderBy(s => s.PublishedNanoseconds)];
    }
}
