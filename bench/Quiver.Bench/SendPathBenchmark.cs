using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;
using Vision;

namespace Quiver.Bench;

/// <summary>
/// What a typed send of a vision.Image with 64 B of Data costs on the publisher's thread, step by
/// step, in one process: the rows marked + time the send path up to that step, so a step costs its
/// row minus the row before; the prefix rows time the prefix alone, both ways. The writer rows
/// come in pairs, a new <c>Image.Writer</c> per message against one writer re-targeted with
/// <c>Reset</c>, timed in the same rounds. The full sends go through a real publisher with no subscriber, so the
/// socket write is not part of them (that is the transport's cost, measured by Quiver.Transport.Bench).
/// </summary>
internal static class SendPathBenchmark
{
    private const int DataLength = 64;

    public static string Run(bool quick)
    {
        var samples = quick ? 15 : 101;
        var layout = Plan();
        var body = new byte[layout.BodyLength];
        var prefix = new byte[IpcMessageWriter.GetRecordBatchPrefixLength(layout.FieldNodeCount, layout.BufferCount)];
        var finished = Finish(layout, body);
        string directory = Path.Combine(Path.GetTempPath(), $"quiver-sendpath-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable(Transport.RuntimeDirectory.OverrideVariable, directory);
        try
        {
            using var publisher = Topic.Publish<Image>("bench/sendpath", new Transport.PublisherOptions { HeldWarningAfter = Timeout.InfiniteTimeSpan });
            var reused = Writer(layout, body);
            var steps = new (string Name, Func<long> Operation)[]
            {
                ("plan the layout (RecordBatchSizes + Plan)", () => Plan().BodyLength),
                ("new Image.Writer over a body", () => Writer(layout, body).Columns.Count),
                ("+ append the 9 columns", () => Append(Writer(layout, body), DataLength)),
                ("+ Finish()", () => Finish(layout, body).BodyLength),
                ("Image.Writer.Reset onto a body", () => Reset(reused, layout, body).Columns.Count),
                ("+ append the 9 columns (reset writer)", () => Append(Reset(reused, layout, body), DataLength)),
                ("+ Finish() (reset writer)", () => Finish(Reset(reused, layout, body)).BodyLength),
                ("+ Finish() and its RecordBatch views", () => Finish(layout, body).Batch.Length),
                ("IPC prefix alone, fresh flatbuffer encode", () => FreshPrefix(finished, prefix)),
                ("IPC prefix alone, from the layout's template", () => TemplatePrefix(layout, finished, prefix)),
                ("Loan(layout) + Dispose, no writing", () => LoanOnly(publisher, layout)),
                ("whole send, layout planned once", () => (long)Send(publisher, publisher.Loan(layout))),
                ("whole send, layout planned per send", () => (long)Send(publisher, publisher.Loan(s => s.DeclareValueBytes("data", DataLength)))),
                ("whole send, layout planned once, writer reset", () => (long)Send(publisher, publisher.Loan(layout), reused)),
                ("whole send, layout planned per send, writer reset", () => (long)Send(publisher, publisher.Loan(s => s.DeclareValueBytes("data", DataLength)), reused)),
            };
            foreach (var (_, operation) in steps)
                Measure.WarmUp(operation);
            var medians = Measure.InterleavedMedians(steps.Select(step => step.Operation).ToArray(), samples);
            var report = new StringBuilder();
            report.AppendLine("| step (64 B of Data) | median | allocated |");
            report.AppendLine("|---|---:|---:|");
            for (var i = 0; i < steps.Length; i++)
                report.AppendLine($"| {steps[i].Name} | {medians[i]:F0} ns | {Measure.AllocatedPerCall(steps[i].Operation)} B |");
            return report.ToString();
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    internal static RecordBatchLayout Plan(int dataLength = DataLength) => new RecordBatchSizes(Image.Schema, 1).DeclareValueBytes("data", dataLength).Plan();

    internal static Image.Writer Writer(RecordBatchLayout layout, Memory<byte> body) => new(layout, body);

    private static long Append(Image.Writer writer, int dataLength)
    {
        writer.Width.Append((uint)dataLength);
        writer.Height.Append(1);
        writer.Step.Append((uint)dataLength);
        writer.Encoding.Append((byte)Vision.Encoding.Mono8);
        writer.Stamp.Append(0);
        writer.FrameId.Append("");
        writer.Labels.Append(0);
        writer.Pose.AppendNull();
        var data = writer.Data.AppendInPlace(dataLength);
        BinaryPrimitives.WriteInt64LittleEndian(data, Stopwatch.GetTimestamp());
        return data[0];
    }

    private static Image.Writer Reset(Image.Writer writer, RecordBatchLayout layout, Memory<byte> body)
    {
        writer.Reset(layout, body);
        return writer;
    }

    private static FinishedRecordBatch Finish(RecordBatchLayout layout, Memory<byte> body) => Finish(Writer(layout, body));

    internal static FinishedRecordBatch Finish(Image.Writer writer, int dataLength = DataLength)
    {
        Append(writer, dataLength);
        return writer.Finish();
    }

    private static long FreshPrefix(FinishedRecordBatch finished, byte[] prefix)
    {
        IpcMessageWriter.WriteRecordBatchPrefix(prefix, finished.RowCount, finished.FieldNodes, finished.Buffers, finished.BodyLength);
        return prefix[^1];
    }

    private static long TemplatePrefix(RecordBatchLayout layout, FinishedRecordBatch finished, byte[] prefix)
    {
        layout.WritePrefix(prefix, finished.FieldNodes);
        return prefix[^1];
    }

    private static long LoanOnly(Publisher<Image> publisher, RecordBatchLayout layout)
    {
        using var loan = publisher.Loan(layout);
        return loan.Body.Length;
    }

    /// <summary>A send with a new writer over the loan, or with <paramref name="reused"/> re-targeted to it.</summary>
    internal static ulong Send(Publisher<Image> publisher, MessageLoan<Image> loan, Image.Writer? reused = null, int dataLength = DataLength)
    {
        using (loan)
        {
            var writer = reused is null ? Writer(loan.Layout, loan.Body) : Reset(reused, loan.Layout, loan.Body);
            return publisher.Send(loan, Finish(writer, dataLength));
        }
    }
}
