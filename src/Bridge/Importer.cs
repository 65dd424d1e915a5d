using System.Buffers;
using System.Buffers.Binary;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Quiver.SharedMemory;
using Quiver.Transport;

namespace Quiver.Bridge;

/// <summary>
/// Republishes one topic from the cluster on this host. It learns the exporter's contract from
/// its announcement (asked for on start and whenever chunks come from an exporter it does not
/// know; pushed by an exporter when it starts following a publisher) and then publishes under
/// that contract, marked as bridged, so local subscribers cannot tell it from a local topic.
/// Chunks are taken in the NATS connection's reader as they arrive (this class is their
/// deserializer) and copied straight into the loaned sample; nothing else holds them.
/// </summary>
internal sealed class Importer : INatsDeserialize<bool>, IAsyncDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ExpiryPeriod = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan PoolRetry = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan SubscriberPoll = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StreamRetry = TimeSpan.FromSeconds(1);
    private const int AnnouncementRequests = 3;
    private static readonly TimeSpan ExporterCheckPeriod = TimeSpan.FromSeconds(2);

    private readonly string _topic;
    private readonly NatsConnection _nats;
    private readonly BridgeOptions _options;
    private readonly TransportLog _log;
    private readonly string _dataSubject;
    private readonly string _announcementSubject;
    private readonly object _gate = new();
    private readonly Reassembler _reassembler;
    private readonly SemaphoreSlim _wantAnnouncement = new(1);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = new();
    private readonly Timer _expiry;
    private readonly Func<int, LoanedSample?> _loan;
    private readonly Action<LoanedSample> _deliver;
    private readonly NatsJSContext? _jetStream;
    private readonly string _streamName;
    private readonly StreamCursor? _cursor;
    private Announcement? _announcement;
    private Publisher? _local;
    // An exporter whose topic this host could not republish (another local publisher owns it): said once.
    private ulong _refusedExporterId;
    private long _messages;
    private long _bytes;
    private long _unannounced;
    private long _badHeaders;

    public Importer(string topic, NatsConnection nats, SubjectMapping subjects, BridgeOptions options, TransportLog log)
    {
        _topic = topic;
        _nats = nats;
        _options = options;
        _log = log;
        _dataSubject = subjects.DataSubject(topic);
        _announcementSubject = subjects.AnnouncementSubject(topic);
        _streamName = JetStreamNames.Stream(subjects, topic);
        if (options.Reliable is { } reliable)
        {
            _jetStream = new NatsJSContext(nats);
            ConsumerName = reliable.ConsumerName ?? ReliableOptions.DefaultConsumerName(RuntimeDirectory.Path);
            _cursor = new StreamCursor(_jetStream, _streamName, ConsumerName, reliable, log, topic);
        }
        // A message of more chunks than the consumer lets the importer hold unacknowledged would never be whole.
        _reassembler = _cursor is null
            ? new Reassembler(options.MaxMessageBytes, options.ReassemblyTimeout)
            : new Reassembler(options.MaxMessageBytes, options.ReassemblyTimeout, fromStream: true, maxChunks: (uint)options.Reliable!.ImportInFlight - 1);
        _loan = _cursor is null ? Loan : LoanWaiting;
        _deliver = Deliver;
        _expiry = new Timer(_ => Expire(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Reliable mode: the durable consumer this importer reads its stream through.</summary>
    public string? ConsumerName { get; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_jetStream is not null)
        {
            await TopicStream.ImportAsync(_jetStream, TopicStream.Config(_streamName, _dataSubject, _options.Reliable!, _options.MaxChunkBytes), _options.NatsUrl, cancellationToken);
            await _cursor!.OpenAsync(cancellationToken);
            // Announcements come in order from the stream (or are asked for); pushed ones may be ahead of what the stream delivers.
            // No expiry either: a stored message's chunks all come, however late.
            _tasks.Add(Task.Run(ReadStreamAsync));
            return;
        }
        var data = await _nats.SubscribeCoreAsync(_dataSubject, serializer: this, cancellationToken: cancellationToken);
        var announcements = await _nats.SubscribeCoreAsync<byte[]>(_announcementSubject, cancellationToken: cancellationToken);
        _tasks.Add(DrainAsync(data));
        _tasks.Add(TakeAnnouncementsAsync(announcements));
        _tasks.Add(Task.Run(AskForAnnouncementsAsync));
        _tasks.Add(Task.Run(CheckExporterAsync));
        _expiry.Change(ExpiryPeriod, ExpiryPeriod);
    }

    public TopicStats Stats
    {
        get
        {
            lock (_gate)
            {
                var r = _reassembler;
                return new TopicStats(_topic, BridgeDirection.Import, _messages, _bytes, 0, 0, r.Lost, r.Incomplete, r.Corrupt + _badHeaders,
                    r.TooLarge, r.NoPool, _unannounced, r.ChunksInFlight, _local is not null, 0, 0);
            }
        }
    }

    /// <summary>Called by NATS.Net for every message on the data subject, in order, on its reader.</summary>
    public bool Deserialize(in ReadOnlySequence<byte> buffer)
    {
        // An empty message is an exporter's permission probe (docs/bridge.md, "Wire format").
        if (buffer.IsEmpty)
            return false;
        Span<byte> headerBytes = stackalloc byte[ChunkHeader.Size];
        if (buffer.Length < ChunkHeader.Size)
        {
            Interlocked.Increment(ref _badHeaders);
            return false;
        }
        buffer.Slice(0, ChunkHeader.Size).CopyTo(headerBytes);
        if (ChunkHeader.TryRead(headerBytes, out _) is not { } header)
        {
            Interlocked.Increment(ref _badHeaders);
            return false;
        }
        try
        {
            lock (_gate)
                Take(header, buffer.Slice(ChunkHeader.Size));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // NATS.Net's reader must never see our failure: it would end the connection.
            _log(TransportLogLevel.Error, $"Bridge: topic '{_topic}': a chunk could not be imported: {e}");
        }
        return true;
    }

    private void Take(in ChunkHeader header, in ReadOnlySequence<byte> body)
    {
        if (_announcement is not { } announcement || header.ExporterId != announcement.ExporterId)
        {
            _unannounced++;
            if (_wantAnnouncement.CurrentCount == 0)
                _wantAnnouncement.Release();
            return;
        }
        if (header.Kind == ChunkKind.EndOfStream)
        {
            _log(TransportLogLevel.Information, $"Bridge: topic '{_topic}': the exporting publisher is gone; ending the local stream.");
            _reassembler.End(header.MessageId);
            EndLocalStream();
            return;
        }
        if (header.Kind == ChunkKind.Batch)
            _reassembler.AcceptBatch(header, body, _loan, _deliver);
        else if (_reassembler.Accept(header, body, _loan) is { } sample)
            Deliver(sample);
    }

    private void Deliver(LoanedSample sample)
    {
        int length = sample.Length;
        _local!.Send(sample);
        _messages++;
        _bytes += length;
    }

    private LoanedSample? Loan(int length)
    {
        try
        {
            return _local?.Loan(length);
        }
        catch (PoolExhaustedException)
        {
            return null;
        }
    }

    /// <summary>Reliable mode waits for room in the pool: the messages wait in the stream meanwhile.</summary>
    private LoanedSample? LoanWaiting(int length)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                return _local?.Loan(length);
            }
            catch (PoolExhaustedException)
            {
                _stop.Token.WaitHandle.WaitOne(PoolRetry);
            }
        }
        return null;
    }

    /// <summary>
    /// Reliable mode: takes the stream's messages in order and acknowledges them once nothing of
    /// them is pending, i.e. once the message they belong to was republished or given up; so a
    /// restarted importer resumes at the first message not yet republished.
    /// </summary>
    private async Task ReadStreamAsync()
    {
        var token = _stop.Token;
        var unacknowledged = new List<INatsJSMsg<NatsMemoryOwner<byte>>>();
        // A live exporter's contract at once, so local subscribers can connect before anything is read from the stream.
        await AskUntilAsync(() => _announcement is not null, token);
        while (!token.IsCancellationRequested)
        {
            try
            {
                await foreach (var message in _cursor!.ReadAsync(token))
                {
                    using (var data = message.Data)
                        await TakeStoredAsync(data.Memory, token);
                    unacknowledged.Add(message);
                    bool open;
                    lock (_gate)
                        open = _reassembler.ChunksInFlight > 0;
                    if (open)
                        continue;
                    foreach (var done in unacknowledged)
                        await done.AckAsync(cancellationToken: token);
                    unacknowledged.Clear();
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
            }
            catch (NatsException e)
            {
                _log(TransportLogLevel.Warning, $"Bridge: topic '{_topic}': reading stream '{_streamName}' failed ({e.Message}); trying again.");
                unacknowledged.Clear();
                _cursor!.ResumeFromAcknowledged();
                await Task.Delay(StreamRetry, token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task TakeStoredAsync(ReadOnlyMemory<byte> bytes, CancellationToken token)
    {
        // An empty message is an exporter's permission probe, stored like any other.
        if (bytes.IsEmpty)
            return;
        if (ChunkHeader.TryRead(bytes.Span, out _) is not { } header)
        {
            Interlocked.Increment(ref _badHeaders);
            return;
        }
        var body = bytes[ChunkHeader.Size..];
        if (header.Kind == ChunkKind.Announcement)
        {
            if ((ulong)body.Length == header.TotalLength && System.IO.Hashing.XxHash3.HashToUInt64(body.Span) == header.Checksum)
                Announced(body.ToArray());
            else
                Interlocked.Increment(ref _badHeaders);
            return;
        }
        // Its announcement left the stream (age, size) or was read before a restart: the exporter, if it still runs, tells it again.
        await AskUntilAsync(() => _announcement?.ExporterId == header.ExporterId, token);
        if (header is { Kind: ChunkKind.Chunk, Index: 0 } or { Kind: ChunkKind.Batch })
            WaitForLocalSubscriber(token);
        lock (_gate)
            Take(header, new ReadOnlySequence<byte>(body));
    }

    /// <summary>Asks the live exporter for its announcement until <paramref name="known"/> holds (checked under the lock), a few times at most.</summary>
    private async Task AskUntilAsync(Func<bool> known, CancellationToken token)
    {
        for (int i = 0; i < AnnouncementRequests; i++)
        {
            lock (_gate)
            {
                if (known())
                    return;
            }
            try
            {
                var reply = await _nats.RequestAsync<byte[], byte[]>(_announcementSubject, [], replyOpts: new NatsSubOpts { Timeout = RequestTimeout }, cancellationToken: token);
                if (reply.Data is { Length: > 0 } announcement)
                    Announced(announcement);
            }
            catch (NatsException)
            {
            }
        }
    }

    /// <summary>
    /// Reliable mode republishes only to someone: a message sent with no local subscriber would be
    /// acknowledged and gone, so it waits in the stream until one connects (or the bridge stops).
    /// </summary>
    private void WaitForLocalSubscriber(CancellationToken token)
    {
        Publisher? local;
        lock (_gate)
            local = _local;
        while (local is not null && !token.IsCancellationRequested && !local.WaitForSubscribers(1, SubscriberPoll))
        {
        }
    }

    private void Expire()
    {
        lock (_gate)
            _reassembler.Expire();
    }

    private async Task DrainAsync(INatsSub<bool> data)
    {
        await using (data)
        {
            try
            {
                await foreach (var _ in data.Msgs.ReadAllAsync(_stop.Token))
                {
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task TakeAnnouncementsAsync(INatsSub<byte[]> announcements)
    {
        await using (announcements)
        {
            try
            {
                await foreach (var message in announcements.Msgs.ReadAllAsync(_stop.Token))
                {
                    if (message.ReplyTo is null && message.Data is { Length: > 0 } bytes)
                        Announced(bytes);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task AskForAnnouncementsAsync()
    {
        var token = _stop.Token;
        try
        {
            while (true)
            {
                await _wantAnnouncement.WaitAsync(token);
                try
                {
                    var reply = await _nats.RequestAsync<byte[], byte[]>(_announcementSubject, [], replyOpts: new NatsSubOpts { Timeout = RequestTimeout }, cancellationToken: token);
                    if (reply.Data is { Length: > 0 } bytes)
                        Announced(bytes);
                }
                catch (Exception e) when (e is NatsNoRespondersException or NatsNoReplyException or NatsException)
                {
                    // No exporter (yet): ask again when its chunks or its announcement show up, or after a while.
                    await Task.Delay(RequestTimeout, token);
                    lock (_gate)
                    {
                        if (_announcement is null && _wantAnnouncement.CurrentCount == 0)
                            _wantAnnouncement.Release();
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>
    /// Core mode: an end of stream published while a connection was down (the exporter's or this
    /// importer's) is lost with it, and the local publisher would stay up for good, its subscribers
    /// waiting. So while there is one, the importer asks every <see cref="ExporterCheckPeriod"/>
    /// about the exporter id it follows: that exporter answers empty once the stream's end went out,
    /// and the local stream ends as the end of stream would have ended it, on the second such answer
    /// in a row: the answer travels apart from the data, so after the first one the stream's last
    /// chunks and its end may still be on their way. No answer (the exporter gone, unreachable, or
    /// from before this question) changes nothing.
    /// </summary>
    private async Task CheckExporterAsync()
    {
        var token = _stop.Token;
        var question = new byte[sizeof(ulong)];
        (ulong Exporter, int Answers) saidEnded = default;
        try
        {
            while (true)
            {
                await Task.Delay(ExporterCheckPeriod, token);
                ulong following;
                lock (_gate)
                {
                    if (_local is null || _announcement is not { } announcement)
                        continue;
                    following = announcement.ExporterId;
                }
                BinaryPrimitives.WriteUInt64LittleEndian(question, following);
                byte[]? answer;
                try
                {
                    answer = (await _nats.RequestAsync<byte[], byte[]>(_announcementSubject, question, replyOpts: new NatsSubOpts { Timeout = RequestTimeout }, cancellationToken: token)).Data;
                }
                catch (NatsException)
                {
                    continue;
                }
                if (answer is { Length: > 0 })
                {
                    saidEnded = default;
                    continue;
                }
                saidEnded = saidEnded.Exporter == following ? (following, saidEnded.Answers + 1) : (following, 1);
                if (saidEnded.Answers < 2)
                    continue;
                lock (_gate)
                {
                    if (_announcement?.ExporterId != following)
                        continue;
                    _log(TransportLogLevel.Information, $"Bridge: topic '{_topic}': exporter {following:x16} says its stream ended (its end of stream was lost); ending the local stream.");
                    EndLocalStream();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Announced(byte[] bytes)
    {
        if (Announcement.TryParse(bytes, out var problem) is not { } announcement)
        {
            _log(TransportLogLevel.Warning, $"Bridge: topic '{_topic}': ignoring an announcement: {problem}.");
            return;
        }
        lock (_gate)
        {
            if (_announcement?.ExporterId == announcement.ExporterId || _refusedExporterId == announcement.ExporterId)
                return;
            _reassembler.Reset();
            bool keep = _local is not null && _announcement is { } previous && previous.SameContract(announcement);
            if (!keep)
                EndLocalStream();
            _announcement = announcement;
            if (keep)
                _log(TransportLogLevel.Information, $"Bridge: importing topic '{_topic}' from exporter {announcement.ExporterId:x16} now (same contract: the local stream goes on).");
            else
                CreateLocalPublisher(announcement);
        }
    }

    private void CreateLocalPublisher(Announcement announcement)
    {
        try
        {
            _local = Publisher.Create(_topic, announcement.Contract, _options.ImportPublisher with { Bridged = true, Log = _log });
            _log(TransportLogLevel.Information, $"Bridge: importing topic '{_topic}' ({announcement.Contract.MessageType}) from exporter {announcement.ExporterId:x16}.");
        }
        catch (TopicUnavailableException e)
        {
            _announcement = null;
            _refusedExporterId = announcement.ExporterId;
            _log(TransportLogLevel.Error, $"Bridge: refusing to import topic '{_topic}': {e.Message}");
        }
    }

    private void EndLocalStream()
    {
        _reassembler.Reset();
        _announcement = null;
        _local?.Dispose();
        _local = null;
    }

    public async ValueTask DisposeAsync()
    {
        await _expiry.DisposeAsync();
        await _stop.CancelAsync();
        await Task.WhenAll(_tasks).ConfigureAwait(false);
        lock (_gate)
            EndLocalStream();
        _stop.Dispose();
    }
}
