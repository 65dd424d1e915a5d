using Quiver.Arrow;
using Quiver.Arrow.Ipc;

namespace Quiver.Interop.ApacheArrow;

/// <summary>The one copy of a batch whose memory is not in shared memory: into a loaned sample, as one IPC record batch message.</summary>
internal static class LoanCopy
{
    public static ulong Send(Transport.Publisher publisher, RecordBatch batch)
    {
        var body = RecordBatchBody.Plan(batch);
        var prefixLength = IpcMessageWriter.GetRecordBatchPrefixLength(body.Nodes.Length, body.Regions.Length);
        var length = checked(prefixLength + (int)body.Length);
        using var loan = publisher.Loan(length);
        var message = loan.Span[..length];
        IpcMessageWriter.WriteRecordBatchPrefix(message[..prefixLength], batch.Length, body.Nodes, body.Regions, body.Length);
        body.WriteTo(message[prefixLength..]);
        return publisher.Send(loan, length);
    }
}
