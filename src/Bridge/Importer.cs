using System.Buffers;
using NATS.Client.Core;
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
        _reassembler = new Reassembler(options.MaxMessageBytes, options.ReassemblyTimeout);
        _loan = Loan;
        _expiry = new Timer(_ => Expire(), null, Timeout.Infinite, Timeout.Infinite);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var data = await _nats.SubscribeCoreAsync(_dataSubject, serializer: this, cancellationToken: cancellationToken);
        var announcements = await _nats.SubscribeCoreAsync<byte[]>(_announcementSubject, cancellationToken: cancellationToken);
        _tasks.Add(DrainAsync(data));
        _tasks.Add(TakeAnnouncementsAsync(announcements));
        _tasks.Add(Task.Run(AskForAnnouncementsAsync));
        _expiry.Change(ExpiryPeriod, ExpiryPeriod);
    }

    public TopicStats Stats
    {
        get
        {
            lock (_gate)
            {
                var r = _reassembler;
                return new TopicStats(_topic, BridgeDirection.Import, _messages, _bytes, 0, r.Lost, r.Incomplete, r.Corrupt + _badHeaders,
                    r.TooLarge, r.NoPool, _unannounced, r.ChunksInFlight, _local is not null);
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
        if (_reassembler.Accept(header, body, _loan) is not { } sample)
            return;
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
