using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;
using Quiver.Messages;
using Quiver.Transport;

namespace Quiver;

/// <summary>
/// A shared-memory sample loaned for one record batch message of <typeparamref name="T"/>:
/// the prefix (the dictionary batches of dictionary-encoded fields, if any, then the record
/// batch's IPC metadata), then <see cref="Body"/>, where the generated writer
/// (<c>new T.Writer(loan.Layout, loan.Body)</c>, or one writer kept across messages and re-targeted
/// with <c>writer.Reset(loan.Layout, loan.Body)</c>) builds the batch in place. Send it with
/// <see cref="Publisher{T}.Send(MessageLoan{T}, FinishedRecordBatch)"/>; disposing a loan that
/// was not sent returns it to the pool.
/// </summary>
/// <remarks>
/// A struct, so a loan costs no allocation besides the transport's <see cref="LoanedSample"/>;
/// copies share that sample, which tracks whether it was sent or returned, so a copy cannot send
/// or write a sample twice.
/// </remarks>
public readonly struct MessageLoan<T> : IDisposable where T : IMessage<T>
{
    private readonly LoanedSample? _sample;

    internal MessageLoan(LoanedSample sample, RecordBatchLayout layout, int prefixLength)
    {
        _sample = sample;
        Layout = layout;
        PrefixLength = prefixLength;
    }

    /// <summary>The plan the body is written to.</summary>
    public RecordBatchLayout Layout { get; }

    /// <summary>Where the batch's body goes, in shared memory (64-byte aligned).</summary>
    public Memory<byte> Body => Sample.Memory.Slice(PrefixLength, Layout.BodyLength);

    /// <summary>The raw sample: the whole IPC message once sent.</summary>
    public LoanedSample Sample => _sample ?? throw new InvalidOperationException("This MessageLoan is the default value: it holds no sample; loan one from a Publisher<T>.");

    internal int PrefixLength { get; }

    internal int MessageLength => PrefixLength + Layout.BodyLength;

    /// <summary>Writes the metadata prefix for <paramref name="finished"/>, which must be this loan's body.</summary>
    internal void WritePrefix(FinishedRecordBatch finished)
    {
        var body = Body;
        if (finished.BodyLength != body.Length || !finished.Body.Span.Overlaps(body.Span, out int offset) || offset != 0)
            throw new ArgumentException("The finished batch was not written into this loan's body.", nameof(finished));
        finished.WritePrefix(Sample.Span[..PrefixLength]);
    }

    /// <summary>Returns an unsent loan to the pool; after a send, or for the default value, does nothing.</summary>
    public void Dispose() => _sample?.Dispose();
}
