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
                ("+ append the 9 columns", () => Append(Writer(layout, body))),
                ("+ Finish()", () => Finish(layout, body).BodyLength),
                ("Image.Writer.Reset onto a body", () => Reset(reused, layout, body).Columns.Count),
                ("+ append the 9 columns (reset writer)", () => Append(Reset(reused, layout, body))),
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
                WarmUp(operation);
            var medians = InterleavedMedians(steps.Select(step => step.Operation).ToArray(), samples);
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

    /// <summary>Runs the operation for half a second first, so tiered compilation has optimised what it calls.</summary>
    private static void WarmUp(Func<long> operation)
    {
        long sink = 0;
        var start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < 500)
            sink += operation();
        GC.KeepAlive(sink);
    }

    /// <summary>
    /// Times every operation once per round, round after round, so a burst of load on the shared
    /// machine lands on all of them alike; each time covers enough calls to last about 200 µs.
    /// </summary>
    private static double[] InterleavedMedians(Func<long>[] operations, int rounds)
    {
        long sink = 0;
        var calls = operations.Select(operation => CallsFor(operation, ref sink)).ToArray();
        var times = operations.Select(_ => new double[rounds]).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < operations.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                for (var call = 0; call < calls[i]; call++)
                    sink += operations[i]();
                times[i][round] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls[i];
            }
        }
        GC.KeepAlive(sink);
        return times.Select(perCall => perCall.Order().ElementAt(rounds / 2)).ToArray();
    }

    private static int CallsFor(Func<long> operation, ref long sink)
    {
        var calls = 1;
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < calls; i++)
                sink += operation();
            if (Stopwatch.GetElapsedTime(start).TotalMicroseconds >= 200)
                return calls;
            calls *= 2;
        }
    }

    private static RecordBatchLayout Plan() => new RecordBatchSizes(Image.Schema, 1).DeclareValueBytes("data", DataLength).Plan();

    private static Image.Writer Writer(RecordBatchLayout layout, Memory<byte> body) => new(layout, body);

    private static long Append(Image.Writer writer)
    {
        writer.Width.Append(DataLength);
        writer.Height.Append(1);
        writer.Step.Append(DataLength);
        writer.Encoding.Append((byte)Vision.Encoding.Mono8);
        writer.Stamp.Append(0);
        writer.FrameId.Append("");
        writer.Labels.Append(0);
        writer.Pose.AppendNull();
        var data = writer.Data.AppendInPlace(DataLength);
        BinaryPrimitives.WriteInt64LittleEndian(data, Stopwatch.GetTimestamp());
        return data[0];
    }

    private static Image.Writer Reset(Image.Writer writer, RecordBatchLayout layout, Memory<byte> body)
    {
        writer.Reset(layout, body);
        return writer;
    }

    private static FinishedRecordBatch Finish(RecordBatchLayout layout, Memory<byte> body) => Finish(Writer(layout, body));

    private static FinishedRecordBatch Finish(Image.Writer writer)
    {
        Append(writer);
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
    private static ulong Send(Publisher<Image> publisher, MessageLoan<Image> loan, Image.Writer? reused = null)
    {
        using (loan)
        {
            var writer = reused is null ? Writer(loan.Layout, loan.Body) : Reset(reused, loan.Layout, loan.Body);
            return publisher.Send(loan, Finish(writer));
        }
    }
}
