using System.Collections.Concurrent;

namespace Quiver.Recording;

/// <summary>
/// The writing half of a topic's recording: takes what <see cref="TopicReceiver"/> queued, in
/// order, and appends it to the topic's current file, opening a new one at a split or when the
/// publisher's contract changes. Samples found queued together are written together, in one call,
/// still as whole messages: a killed recorder leaves the file readable up to its last whole one.
/// A failed write (disk full) ends this topic's recording and tells the recorder, which stops the
/// rest cleanly.
/// </summary>
internal sealed class TopicWriter
{
    /// <summary>
    /// The most bytes of queued samples written in one call. Small enough that copying them together costs less than
    /// the calls it saves; a larger sample is written alone, straight from its buffer.
    /// </summary>
    private const int RunBytes = 256 << 10;

    private readonly TopicReceiver _receiver;
    private readonly BlockingCollection<QueuedItem> _queue;
    private readonly string _directory;
    private readonly IndexWriter _index;
    private readonly RecorderOptions _options;
    private readonly Action<string> _failed;
    private readonly Action _fileOpened;
    private readonly Thread _thread;
    private readonly object _gate = new();
    private readonly List<RecordedFile> _closedFiles = [];
    private readonly byte[] _runBuffer = new byte[RunBytes];
    private TopicFileWriter? _file;
    private Connected? _contract;
    private string _openedBecause = "";

    /// <param name="fileOpened">Called after a new file is opened, before anything is written to it, with no lock held: the recorder lists it in metadata.json then.</param>
    public TopicWriter(TopicReceiver receiver, BlockingCollection<QueuedItem> queue, string directory, IndexWriter index, RecorderOptions options, Action<string> failed, Action fileOpened)
    {
        _receiver = receiver;
        _queue = queue;
        _directory = directory;
        _index = index;
        _options = options;
        _failed = failed;
        _fileOpened = fileOpened;
        _thread = new Thread(Run) { IsBackground = true, Name = $"quiver record writer {receiver.Topic}" };
    }

    public void Start() => _thread.Start();

    /// <summary>Waits until the queue is drained (the receiver completes it when it stops) and the last file is closed.</summary>
    public void Join() => _thread.Join();

    public RecordedTopic Describe()
    {
        lock (_gate)
        {
            var files = new List<RecordedFile>(_closedFiles);
            if (_file is { } open)
                files.Add(Describe(open));
            return new RecordedTopic(_receiver.Topic, files.Sum(f => f.Messages), files.Sum(f => f.Bytes),
                _receiver.SkippedByPublisher, _receiver.DroppedByRecorder, files);
        }
    }

    private RecordedFile Describe(TopicFileWriter file) =>
        new(file.FileName, _contract!.MessageType, Fingerprints.Format(_contract.Fingerprint), _openedBecause, file.Messages, file.Length, RecordingCompressions.Name(file.Compression));

    private void Run()
    {
        var failed = false;
        var run = new List<CopiedSample>();
        QueuedItem? next = null;
        while (next is not null || _queue.TryTake(out next, Timeout.Infinite))
        {
            var item = next;
            next = null;
            if (item is CopiedSample first)
            {
                next = Gather(first, run);
                if (failed)
                    Release(run);
                else
                    failed = Guarded(() => WriteRun(run));
                run.Clear();
            }
            else if (!failed)
                failed = Guarded(() => Write((Connected)item));
        }
        lock (_gate)
            Close();
    }

    /// <summary>Runs a write; one that fails (disk full) is reported and ends this topic's recording.</summary>
    private bool Guarded(Action write)
    {
        try
        {
            write();
            return false;
        }
        catch (RecordingException e)
        {
            _failed(e.Message);
            return true;
        }
    }

    /// <summary>
    /// Puts <paramref name="first"/> and the samples queued right behind it into <paramref name="run"/>, up to
    /// <see cref="RunBytes"/> in all, so that a busy topic of small messages is written in few calls. Returns the item
    /// that ended the run (a new contract, or a sample that would not fit), to be handled next.
    /// </summary>
    private QueuedItem? Gather(CopiedSample first, List<CopiedSample> run)
    {
        run.Add(first);
        var bytes = first.Length;
        while (bytes < RunBytes && _queue.TryTake(out var next))
        {
            if (next is not CopiedSample sample || bytes + sample.Length > RunBytes)
                return next;
            run.Add(sample);
            bytes += sample.Length;
        }
        return null;
    }

    private void Write(Connected connected)
    {
        if (_contract is null || connected.Fingerprint != _contract.Fingerprint || !connected.Schema.AsSpan().SequenceEqual(_contract.Schema))
        {
            Open(connected, _contract is null ? "start" : connected.Fingerprint != _contract.Fingerprint ? "fingerprint changed" : "schema changed");
            _fileOpened();
        }
    }

    /// <summary>Appends the run's samples in as few writes as the split size allows, then gives their buffers back.</summary>
    private void WriteRun(List<CopiedSample> run)
    {
        try
        {
            var start = 0;
            while (start < run.Count)
            {
                var file = _file!;
                if (_options.SplitSize is { } split && file.Messages > 0 && file.Length + run[start].Length > split)
                {
                    file = Open(_contract!, "split");
                    _fileOpened();
                }
                var end = start + 1;
                var bytes = (long)run[start].Length;
                while (end < run.Count && !(_options.SplitSize is { } limit && file.Length + bytes + run[end].Length > limit))
                    bytes += run[end++].Length;
                Append(file, run, start, end, (int)bytes);
                start = end;
            }
        }
        finally
        {
            Release(run);
        }
    }

    /// <summary>
    /// Samples start to end in one write: a lone sample straight from its buffer, several copied together first
    /// (a file that compresses writes each sample re-encoded on its own).
    /// When the disk refuses a run, the file is back where the run began, and the samples are tried one write each:
    /// a full disk keeps as many whole messages as still fit, as if they had never been coalesced.
    /// </summary>
    private void Append(TopicFileWriter file, List<CopiedSample> run, int start, int end, int bytes)
    {
        if (end - start > 1 && file.Compression == RecordingCompression.None)
        {
            try
            {
                Index(file, run, start, end, file.Append(Coalesce(run, start, end, bytes), end - start));
                return;
            }
            catch (RecordingException)
            {
                // Tried again one by one below; the first of them that does not fit ends the recording.
            }
        }
        for (var i = start; i < end; i++)
            Index(file, run, i, i + 1, file.Append(run[i].Buffer.AsMemory(0, run[i].Length)));
    }

    private ReadOnlySpan<byte> Coalesce(List<CopiedSample> run, int start, int end, int bytes)
    {
        var offset = 0;
        for (var i = start; i < end; i++)
        {
            run[i].Bytes.CopyTo(_runBuffer.AsSpan(offset));
            offset += run[i].Length;
        }
        return _runBuffer.AsSpan(0, bytes);
    }

    private void Index(TopicFileWriter file, List<CopiedSample> run, int start, int end, long firstBatch)
    {
        for (var i = start; i < end; i++)
        {
            var sample = run[i];
            _index.Add(new IndexRow(_receiver.Topic, file.FileName, firstBatch + i - start, sample.Sequence, sample.PublishedNanoseconds, sample.ReceivedNanoseconds));
        }
    }

    private void Release(List<CopiedSample> run)
    {
        foreach (var sample in run)
        {
            _receiver.Written(sample.Length);
            sample.Return();
        }
    }

    private TopicFileWriter Open(Connected contract, string because)
    {
        lock (_gate)
        {
            Close();
            var part = _closedFiles.Count;
            _contract = contract;
            _openedBecause = because;
            _file = new TopicFileWriter(_directory, RecordingFiles.TopicFile(_receiver.Topic, part), contract.Schema, _options.OpenFile, _options.Compression);
            return _file;
        }
    }

    private void Close()
    {
        if (_file is not { } file)
            return;
        _closedFiles.Add(Describe(file));
        file.Dispose();
        _file = null;
    }
}
