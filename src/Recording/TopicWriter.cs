using System.Collections.Concurrent;

namespace Quiver.Recording;

/// <summary>
/// The writing half of a topic's recording: takes what <see cref="TopicReceiver"/> queued, in
/// order, and appends it to the topic's current file, opening a new one at a split or when the
/// publisher's contract changes. A failed write (disk full) ends this topic's recording and tells
/// the recorder, which stops the rest cleanly.
/// </summary>
internal sealed class TopicWriter
{
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
        foreach (var item in _queue.GetConsumingEnumerable())
        {
            if (failed)
            {
                (item as CopiedSample)?.Return();
                continue;
            }
            try
            {
                Write(item);
            }
            catch (RecordingException e)
            {
                failed = true;
                _failed(e.Message);
            }
        }
        lock (_gate)
            Close();
    }

    private void Write(QueuedItem item)
    {
        switch (item)
        {
            case Connected connected:
                if (_contract is null || connected.Fingerprint != _contract.Fingerprint || !connected.Schema.AsSpan().SequenceEqual(_contract.Schema))
                {
                    Open(connected, _contract is null ? "start" : connected.Fingerprint != _contract.Fingerprint ? "fingerprint changed" : "schema changed");
                    _fileOpened();
                }
                break;
            case CopiedSample sample:
                try
                {
                    var file = _file!;
                    if (_options.SplitSize is { } split && file.Messages > 0 && file.Length + sample.Length > split)
                    {
                        file = Open(_contract!, "split");
                        _fileOpened();
                    }
                    var batch = file.Append(sample.Buffer.AsMemory(0, sample.Length));
                    _index.Add(new IndexRow(_receiver.Topic, file.FileName, batch, sample.Sequence, sample.PublishedNanoseconds, sample.ReceivedNanoseconds));
                }
                finally
                {
                    _receiver.Written(sample.Length);
                    sample.Return();
                }
                break;
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
