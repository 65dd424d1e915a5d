using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;
using Quiver.Messages;
using Quiver.Transport;

namespace Quiver;

/// <summary>
/// Publishes messages of <typeparamref name="T"/>: each sample is one Arrow IPC record batch
/// message (prefix and body) in shared memory. Zero copy: <see cref="Loan(Action{RecordBatchSizes}?, int)"/>,
/// write with the generated <c>T.Writer</c>, <see cref="Send(MessageLoan{T}, FinishedRecordBatch)"/>.
/// One copy: <see cref="Send(IMessageValue{T})"/> and <see cref="Send(IReadOnlyList{IMessageValue{T}})"/>.
/// </summary>
public sealed class Publisher<T> : IDisposable, IAsyncDisposable where T : IMessage<T>
{
    private RecordBatchLayout? _lastLayout;
    private RecordBatchSizes? _spareSizes;

    internal Publisher(Publisher transport) => Transport = transport;

    /// <summary>The raw-sample publisher underneath (stats, waits, options).</summary>
    public Publisher Transport { get; }

    public string Topic => Transport.Topic;

    /// <summary>
    /// Loans a sample sized for a batch of <paramref name="rowCount"/> rows whose variable sizes
    /// <paramref name="declare"/> states (e.g. <c>s => s.DeclareValueBytes("data", n)</c>).
    /// When the sizes are those of the previous loan, its layout is reused. The
    /// <see cref="RecordBatchSizes"/> given to <paramref name="declare"/> is the publisher's and
    /// valid during the call only.
    /// </summary>
    public MessageLoan<T> Loan(Action<RecordBatchSizes>? declare = null, int rowCount = 1)
    {
        // The declarations go to a spare instance taken for the call, so a loan allocates none;
        // a thread that finds no spare (another is using it) makes its own.
        var spare = Interlocked.Exchange(ref _spareSizes, null);
        var sizes = spare is not null && spare.RowCount == rowCount ? spare.Clear() : new RecordBatchSizes(T.Schema, rowCount);
        declare?.Invoke(sizes);
        // A producer of same-sized messages (a camera's frames) declares the same sizes every time:
        // the previous plan is reused, and with it its encoded prefix. Layouts are immutable, so a
        // race between threads here at worst plans once more.
        var layout = _lastLayout;
        if (layout is null || !layout.IsPlanOf(sizes))
            _lastLayout = layout = sizes.Plan();
        _spareSizes = sizes;
        return Loan(layout);
    }

    /// <summary>Loans a sample for a batch planned as <paramref name="layout"/> (from <c>T.Schema</c>).</summary>
    public MessageLoan<T> Loan(RecordBatchLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (!ReferenceEquals(layout.Schema, T.Schema) && !layout.Schema.Equals(T.Schema))
            throw new ArgumentException($"The layout was not planned from {T.MessageTypeName}'s schema.", nameof(layout));
        var prefixLength = layout.PrefixLength;
        var sample = Transport.Loan(RecordBatchMessageWriter.GetMessageLength(layout));
        return new MessageLoan<T>(sample, layout, prefixLength);
    }

    /// <summary>
    /// Writes the IPC metadata for <paramref name="finished"/> (what the writer over
    /// <see cref="MessageLoan{T}.Body"/> returned from <c>Finish()</c>) and sends the message.
    /// Returns its sequence number.
    /// </summary>
    public ulong Send(MessageLoan<T> loan, FinishedRecordBatch finished)
    {
        loan.WritePrefix(finished);
        return Transport.Send(loan.Sample, loan.MessageLength);
    }

    /// <summary>The one-copy path: <paramref name="value"/> as a one-row batch.</summary>
    public ulong Send(IMessageValue<T> value) => Send([value]);

    /// <summary>The one-copy path: one batch with one row per value.</summary>
    public ulong Send(IReadOnlyList<IMessageValue<T>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var layout = rows.PlanLayout();
        var loan = Loan(layout);
        try
        {
            var writer = new RecordBatchWriter(layout, loan.Body);
            foreach (var row in rows)
                T.AppendMembers(writer.Columns, row);
            return Send(loan, writer.Finish());
        }
        finally
        {
            loan.Dispose();
        }
    }

    public PublisherStats GetStats() => Transport.GetStats();

    public bool WaitForSubscribers(int count, TimeSpan timeout) => Transport.WaitForSubscribers(count, timeout);

    public void Dispose() => Transport.Dispose();

    public ValueTask DisposeAsync() => Transport.DisposeAsync();
}
