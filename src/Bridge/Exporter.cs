using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Threading.Channels;
using NATS.Client.Core;
using NATS.Client.JetStream;
using Quiver.Transport;

namespace Quiver.Bridge;

/// <summary>
/// Sends one local topic to the cluster. It is one more local subscriber (of any type): each
/// sample it takes is queued for the sender, which cuts it into chunks and publishes them (small
/// samples queued together go out as one batch); while
/// <see cref="BridgeOptions.ExportQueueDepth"/> samples wait, new ones are released at once and
/// counted as skipped, so the local publisher never waits for the network. When the local
/// publisher leaves, importers are told (end of stream) and the exporter waits for the next one.
/// A publisher that itself republishes a bridge import is never exported (loop prevention).
/// </summary>
internal sealed class Exporter : IAsyncDisposable
{
    private static readonly TimeSpan PublisherPoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan SocketPoll = TimeSpan.FromMilliseconds(20);

    private readonly string _topic;
    private readonly NatsConnection _nats;
    private readonly BridgeOptions _options;
    private readonly TransportLog _log;
    private readonly string _dataSubject;
    private readonly string _announcementSubject;
    private readonly IChunkSink _sink;
    private readonly NatsJSContext? _jetStream;
    private readonly string _streamName;
    private readonly Channel<Outgoing> _queue = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _stop = new();
    // Sending outlives _stop so that what is queued when the bridge stops (the end of stream above all) still goes out, for a while.
    private readonly CancellationTokenSource _abandonSending = new();
    private static readonly TimeSpan SendingGrace = TimeSpan.FromSeconds(5);
    private readonly List<Task> _tasks = new();
    private readonly Thread _follower;
    private volatile Announcement? _current;
    // The exporter ids whose end of stream went out, newest last (see AnswerRequestsAsync).
    private readonly Queue<ulong> _ended = new();
    private const int EndedKept = 16;
    private int _queuedSamples;
    // The sender's: the id of the last message of the current stream it sent (or tried to).
    private ulong _lastMessageId;
    private readonly MessageBatch _batch = new();
    private long _messages;
    private long _bytes;
    private long _skipped;
    private long _batches;
    private bool _loopWarned;

    public Exporter(string topic, NatsConnection nats, SubjectMapping subjects, BridgeOptions options, TransportLog log)
    {
        _topic = topic;
        _nats = nats;
        _options = options;
        _log = log;
        _dataSubject = subjects.DataSubject(topic);
        _announcementSubject = subjects.AnnouncementSubject(topic);
        _streamName = JetStreamNames.Stream(subjects, topic);
        if (options.Reliable is not null)
        {
            _jetStream = new NatsJSContext(nats);
            _sink = new JetStreamChunkSink(nats, _jetStream, options.MaxChunkBytes, topic, log);
        }
        else
            _sink = new CoreChunkSink(nats, options.MaxChunkBytes);
        _follower = new Thread(FollowLocalPublishers) { IsBackground = true, Name = $"quiver bridge export {topic}" };
    }

    /// <summary>Subscribes for announcement requests and probes publishing (a refused permission shows up as a server error before the next ping's answer).</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_jetStream is not null)
            await TopicStream.ExportAsync(_jetStream, TopicStream.Config(_streamName, _dataSubject, _options.Reliable!, _options.MaxChunkBytes), _options.NatsUrl, cancellationToken);
        var requests = await _nats.SubscribeCoreAsync<byte[]>(_announcementSubject, cancellationToken: cancellationToken);
        await _nats.PublishAsync(_dataSubject, Array.Empty<byte>(), cancellationToken: cancellationToken);
        await _nats.PublishAsync(_announcementSubject, Array.Empty<byte>(), cancellationToken: cancellationToken);
        _tasks.Add(AnswerRequestsAsync(requests));
        _follower.Start();
        _tasks.Add(Task.Run(SendAsync));
    }

    public TopicStats Stats => new(_topic, BridgeDirection.Export, Interlocked.Read(ref _messages), Interlocked.Read(ref _bytes),
        Interlocked.Read(ref _skipped), _sink.Retries, 0, 0, 0, 0, 0, 0, 0, _current is not null, Interlocked.Read(ref _batches), Volatile.Read(ref _queuedSamples));

    private async Task AnswerRequestsAsync(INatsSub<byte[]> requests)
    {
        await using (requests)
        {
            try
            {
                await foreach (var request in requests.Msgs.ReadAllAsync(_stop.Token))
                {
                    // Announcements pushed by this exporter come back here too; only requests carry a reply subject.
                    if (request.ReplyTo is not null && Answer(request.Data) is { } answer)
                        await request.ReplyAsync(answer, cancellationToken: _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>
    /// The answer to a request on the announcement subject, or null for none. An empty request asks
    /// for the announcement of the publisher followed now. A request naming an exporter id (8 bytes)
    /// asks whether that stream still runs: its announcement while it does, an empty answer once
    /// its end of stream went out (so an importer whose end of stream was lost in a reconnect ends
    /// its local stream; Importer.CheckExporterAsync), and no answer from an exporter that never
    /// had that id, since other bridges may listen on the same subject (one refusing to export an
    /// imported topic, or one configured to export a topic its host does not publish).
    /// </summary>
    private byte[]? Answer(byte[]? request)
    {
        var current = _current;
        if (request is not { Length: sizeof(ulong) })
            return current?.ToBytes();
        ulong asked = BinaryPrimitives.ReadUInt64LittleEndian(request);
        if (current?.ExporterId == asked)
            return current.ToBytes();
        lock (_ended)
            return _ended.Contains(asked) ? [] : null;
    }

    /// <summary>
    /// On a thread of its own: taking samples must not wait for the thread pool, which a busy
    /// application (or machine) may keep waiting long enough for the publisher to skip this subscriber.
    /// </summary>
    private void FollowLocalPublishers()
    {
        var token = _stop.Token;
        string socket = RuntimeDirectory.SocketPath(_topic);
        while (!token.IsCancellationRequested)
        {
            // An attempt to subscribe to a topic nobody publishes costs a socket and two exceptions;
            // while the topic's socket file is missing, looking for it every so often costs a stat.
            if (!File.Exists(socket))
            {
                token.WaitHandle.WaitOne(SocketPoll);
                continue;
            }
            Subscriber local;
            try
            {
                local = Subscriber.ConnectToAnyType(_topic, new SubscriberOptions { WaitForPublisher = PublisherPoll, Log = _log });
            }
            catch (TopicUnavailableException)
            {
                continue;
            }
            using (local)
            {
                if (local.PublisherIsBridged)
                    RefuseLoop(local, token);
                else
                    Forward(local, token);
            }
        }
        _queue.Writer.TryComplete();
    }

    private void RefuseLoop(Subscriber local, CancellationToken token)
    {
        if (!_loopWarned)
            _log(TransportLogLevel.Warning, $"Bridge: not exporting topic '{_topic}': its publisher (pid {local.PublisherProcessId}) republishes a bridge import; exporting it would loop.");
        _loopWarned = true;
        while (Take(local, token) is { } sample)
            sample.Dispose();
    }

    private void Forward(Subscriber local, CancellationToken token)
    {
        var contract = new TopicContract(local.PublisherMessageType, local.PublisherFingerprint, local.PublisherSchema.ToArray());
        var announcement = new Announcement(NewExporterId(), contract);
        _current = announcement;
        _queue.Writer.TryWrite(Outgoing.Announce(announcement));
        _log(TransportLogLevel.Information, $"Bridge: exporting topic '{_topic}' ({contract.MessageType}) from publisher pid {local.PublisherProcessId} as exporter {announcement.ExporterId:x16}.");
        ulong lastSequence = 0;
        try
        {
            while (Take(local, token) is { } sample)
            {
                if (lastSequence != 0 && sample.Sequence > lastSequence + 1)
                    Interlocked.Add(ref _skipped, (long)(sample.Sequence - lastSequence - 1));
                lastSequence = sample.Sequence;
                if (Interlocked.Increment(ref _queuedSamples) > _options.ExportQueueDepth)
                {
                    Interlocked.Decrement(ref _queuedSamples);
                    Interlocked.Increment(ref _skipped);
                    sample.Dispose();
                    continue;
                }
                _queue.Writer.TryWrite(Outgoing.Sample(announcement.ExporterId, sample));
            }
        }
        catch (ProtocolException e)
        {
            _log(TransportLogLevel.Warning, $"Bridge: topic '{_topic}': the local publisher broke the protocol: {e.Message}");
        }
        _current = null;
        _queue.Writer.TryWrite(Outgoing.End(announcement.ExporterId));
    }

    /// <summary>The next sample; null when the stream ended or the exporter stops (checked every <see cref="PublisherPoll"/>).</summary>
    private static ReceivedSample? Take(Subscriber local, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            switch (local.TryTake(PublisherPoll, out var handle))
            {
                case SampleTake.Sample:
                    return new ReceivedSample(local, handle);
                case SampleTake.Ended:
                    return null;
            }
        }
        return null;
    }

    private async Task SendAsync()
    {
        await foreach (var item in _queue.Reader.ReadAllAsync())
        {
            // Samples taken off the queue and not yet handed to NATS: skipped if publishing fails.
            long unsent = 0;
            try
            {
                if (item.Announcement is { } announcement)
                {
                    _lastMessageId = 0;
                    var bytes = announcement.ToBytes();
                    // Reliable mode stores it in the stream too, so an importer reading the stream later learns the contract in order.
                    if (_jetStream is not null && ChunkHeader.Size + bytes.Length <= _sink.Limit)
                        await _sink.SendAsync(_dataSubject, Whole(ChunkKind.Announcement, announcement.ExporterId, 0, bytes), 0, _abandonSending.Token);
                    await _nats.PublishAsync(_announcementSubject, bytes);
                }
                else if (item.Payload is { } sample)
                {
                    if (GatherBatch(item.ExporterId, sample) is { } batch)
                    {
                        unsent = batch.Count;
                        await SendBatchAsync(item.ExporterId, batch);
                    }
                    else
                    {
                        unsent = 1;
                        using (sample)
                        {
                            Interlocked.Decrement(ref _queuedSamples);
                            await SendSampleAsync(item.ExporterId, ++_lastMessageId, sample.Memory);
                        }
                    }
                }
                else
                {
                    var end = OutgoingChunk.Of(ChunkKind.EndOfStream, item.ExporterId, _lastMessageId, 0, 0, 0, ReadOnlyMemory<byte>.Empty);
                    await _sink.SendAsync(_dataSubject, end, 0, _abandonSending.Token);
                }
            }
            catch (Exception e) when (e is NatsException or OperationCanceledException or ObjectDisposedException)
            {
                Interlocked.Add(ref _skipped, unsent);
                _log(TransportLogLevel.Warning, $"Bridge: topic '{_topic}': publishing to NATS failed: {e.Message}");
            }
            if (item.IsEnd)
                Ended(item.ExporterId);
        }
    }

    /// <summary>
    /// <paramref name="first"/> and the small samples queued right behind it, copied into one batch
    /// and released, when at least one more is already waiting and fits: a batch never waits for a
    /// sample to come, so it adds no latency, and it forms by itself whenever the link falls
    /// behind. Null when <paramref name="first"/> goes on its own.
    /// </summary>
    private MessageBatch? GatherBatch(ulong exporterId, ReceivedSample first)
    {
        int room = Math.Min(_options.MaxBatchBytes, _sink.Limit - ChunkHeader.Size);
        long firstSpace = MessageBatch.SpaceFor(first.Length);
        if (firstSpace > room || NextQueued(exporterId) is not { } second || firstSpace + MessageBatch.SpaceFor(second.Length) > room)
            return null;
        _batch.Start(_lastMessageId + 1, room);
        AddToBatch(first);
        while (NextQueued(exporterId) is { } next && _batch.Fits(next.Length))
        {
            _queue.Reader.TryRead(out _);
            AddToBatch(next);
        }
        _lastMessageId += _batch.Count;
        return _batch;
    }

    /// <summary>The sample at the head of the queue if it belongs to the same stream, left there.</summary>
    private ReceivedSample? NextQueued(ulong exporterId) =>
        _queue.Reader.TryPeek(out var next) && next.ExporterId == exporterId ? next.Payload : null;

    private void AddToBatch(ReceivedSample sample)
    {
        using (sample)
        {
            Interlocked.Decrement(ref _queuedSamples);
            _batch.Add(sample.Span);
        }
    }

    private async Task SendBatchAsync(ulong exporterId, MessageBatch batch)
    {
        var chunk = OutgoingChunk.Of(ChunkKind.Batch, exporterId, batch.FirstMessageId, 0, batch.Count, (ulong)batch.Length, batch.Body);
        await _sink.SendAsync(_dataSubject, chunk, 0, _abandonSending.Token);
        Interlocked.Add(ref _messages, batch.Count);
        Interlocked.Add(ref _bytes, batch.MessageBytes);
        Interlocked.Increment(ref _batches);
    }

    /// <summary>Once a stream's end of stream went out (or failed to), an importer asking about it is told it ended.</summary>
    private void Ended(ulong exporterId)
    {
        lock (_ended)
        {
            _ended.Enqueue(exporterId);
            if (_ended.Count > EndedKept)
                _ended.Dequeue();
        }
    }

    private async Task SendSampleAsync(ulong exporterId, ulong messageId, ReadOnlyMemory<byte> message)
    {
        int bodyLimit = _sink.Limit - ChunkHeader.Size;
        uint count = message.Length == 0 ? 1 : (uint)((message.Length + (long)bodyLimit - 1) / bodyLimit);
        // A message of one chunk, and every message over core NATS (whose window is 1), goes the
        // short way: no queue, no closure and no tasks for the small messages latency matters most for.
        if (count == 1 || _sink.Window == 1)
        {
            for (uint index = 0; index < count; index++)
                await _sink.SendAsync(_dataSubject, Piece(exporterId, messageId, message, count, index), 0, _abandonSending.Token);
        }
        else
            await SendPipelinedAsync(exporterId, messageId, message, count);
        Interlocked.Increment(ref _messages);
        Interlocked.Add(ref _bytes, message.Length);
    }

    private Task SendPipelinedAsync(ulong exporterId, ulong messageId, ReadOnlyMemory<byte> message, uint count) =>
        ChunkPipeline.SendAsync(count, _sink.Window, (index, ahead) =>
            _sink.SendAsync(_dataSubject, Piece(exporterId, messageId, message, count, index), ahead, _abandonSending.Token).AsTask());

    /// <summary>Chunk <paramref name="index"/> of <paramref name="count"/>: all but the last are the same length, so the index says where it goes.</summary>
    private static OutgoingChunk Piece(ulong exporterId, ulong messageId, ReadOnlyMemory<byte> message, uint count, uint index)
    {
        int chunk = (int)ChunkHeader.ChunkLength((ulong)message.Length, count);
        int offset = (int)(index * (long)chunk);
        var body = message.Slice(offset, Math.Min(chunk, message.Length - offset));
        return OutgoingChunk.Of(ChunkKind.Chunk, exporterId, messageId, index, count, (ulong)message.Length, body);
    }

    private static OutgoingChunk Whole(ChunkKind kind, ulong exporterId, ulong messageId, byte[] body) =>
        OutgoingChunk.Of(kind, exporterId, messageId, 0, 1, (ulong)body.Length, body);

    private static ulong NewExporterId() => BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)) | 1;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _abandonSending.CancelAfter(SendingGrace);
        if (_follower.IsAlive)
            _follower.Join();
        else
            _queue.Writer.TryComplete();
        await Task.WhenAll(_tasks).ConfigureAwait(false);
        _stop.Dispose();
        _abandonSending.Dispose();
    }

    /// <summary>One item for the sender: an announcement, a sample, or the end of a local stream.</summary>
    private sealed record Outgoing(ulong ExporterId, Announcement? Announcement, ReceivedSample? Payload)
    {
        public static Outgoing Announce(Announcement announcement) => new(announcement.ExporterId, announcement, null);
        public static Outgoing Sample(ulong exporterId, ReceivedSample sample) => new(exporterId, null, sample);
        public static Outgoing End(ulong exporterId) => new(exporterId, null, null);

        public bool IsEnd => Announcement is null && Payload is null;
    }
}
