using System.Runtime.ExceptionServices;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Cli.Live;
using Quiver.DuckDb;
using Quiver.Transport;

namespace Quiver.Cli.Sql;

/// <summary>
/// <c>quiver sql --live</c>: subscribes to each live topic the query names for the window, then
/// makes a table of what arrived. A subscriber may hold only as many samples as the publisher's
/// queue depth allows, so each sample is copied into managed memory (as an Arrow IPC stream) and
/// released at once; the copies then reach DuckDB through the C Data Interface.
/// </summary>
internal static class LiveTables
{
    private static readonly TimeSpan ReceiveSlice = TimeSpan.FromMilliseconds(100);

    /// <summary>Captures and loads the named topics; returns every live topic, for messages about tables.</summary>
    public static IReadOnlyList<string> Capture(DuckDbSession duckDb, string query, TimeSpan window, TextWriter errors, CancellationToken cancellation)
    {
        var live = LiveTopic.InRuntimeDirectory(RuntimeDirectory.Topics);
        var named = TablesInQuery.Named(query, live);
        if (named.Count == 0)
            throw new CommandFailure(ExitCodes.TopicNotFound,
                $"the query names none of the live topics in {RuntimeDirectory.Path} (there are: {TablesInQuery.List(live)}). " +
                $"Name a topic as a table, e.g. from 'camera/front'; see the live topics with 'quiver topics'.");

        var subscribers = new List<UntypedSubscriber>();
        try
        {
            foreach (var topic in named)
                subscribers.Add(LiveTopic.InRuntimeDirectory(() => LiveTopic.ConnectUntyped(topic, TimeSpan.Zero, errors, cancellation)));
            var deadline = DateTime.UtcNow + window;
            var captures = subscribers.Select(s => Task.Run(() => CaptureUntil(s, deadline, cancellation), CancellationToken.None)).ToArray();
            Task.WaitAll(captures, CancellationToken.None);
            cancellation.ThrowIfCancellationRequested();
            foreach (var capture in captures)
                Load(duckDb, capture.Result, window);
        }
        catch (AggregateException e) when (e.InnerException is { } first)
        {
            // A capture's own failure (a CommandFailure, a protocol error) is what the user needs to see, with its stack.
            ExceptionDispatchInfo.Capture(first).Throw();
            throw;
        }
        finally
        {
            subscribers.ForEach(s => s.Dispose());
        }
        return live;
    }

    private sealed record Captured(string Topic, Schema Schema, byte[] Stream, int Messages);

    private static Captured CaptureUntil(UntypedSubscriber subscriber, DateTime deadline, CancellationToken cancellation)
    {
        using var copy = new MemoryStream();
        var messages = 0;
        using (var writer = new IpcStreamWriter(copy, subscriber.Schema))
        {
            while (DateTime.UtcNow < deadline && !cancellation.IsCancellationRequested)
            {
                var left = deadline - DateTime.UtcNow;
                ReceivedBatch? received;
                try
                {
                    received = subscriber.Receive(left < ReceiveSlice ? left : ReceiveSlice);
                }
                catch (TimeoutException)
                {
                    continue;
                }
                catch (ArrowFormatException e)
                {
                    throw new CommandFailure(ExitCodes.ConnectionFailed, $"'{subscriber.Topic}': {e.Message} Stopped after {messages} message(s).", e);
                }
                if (received is null)
                    break;
                using (received)
                    writer.Write(received.Batch);
                messages++;
            }
        }
        return new Captured(subscriber.Topic, subscriber.Schema, copy.ToArray(), messages);
    }

    private static void Load(DuckDbSession duckDb, Captured captured, TimeSpan window)
    {
        if (captured.Messages == 0)
            throw new CommandFailure(ExitCodes.NoMessages,
                $"no message arrived on '{captured.Topic}' in {window.TotalSeconds:0.###} s; its publisher is there but sent nothing. Query over a longer --live window, or check that it publishes with 'quiver hz {captured.Topic}'.");
        var reader = new IpcStreamReader(captured.Stream);
        var batches = reader.ReadAll().ToList();
        try
        {
            DuckDbArrowTables.Create(duckDb, captured.Topic, captured.Schema, batches);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }
}
