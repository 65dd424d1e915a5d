using Quiver.Arrow;
using Quiver.Arrow.Ipc;

namespace Quiver.Interop.ApacheArrow;

/// <summary>
/// The one copy of a batch whose memory is not in shared memory: into a loaned sample, as the
/// region a typed sample is (its dictionary batches, if any, then the record batch message).
/// </summary>
internal static class LoanCopy
{
    public static ulong Send(Transport.Publisher publisher, RecordBatch batch)
    {
        var message = RecordBatchMessagePlan.Of(batch);
        using var loan = publisher.Loan(message.Length);
        message.WriteTo(loan.Span[..message.Length]);
        return publisher.Send(loan, message.Length);
    }
}
