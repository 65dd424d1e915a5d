using System.Buffers.Binary;
using System.Diagnostics;
using System.Text;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;
using Quiver.Transport;
using Vision;

namespace Quiver.Bench;

/// <summary>
/// The transport's share of a round trip, on one thread: what a send costs without the receive,
/// what a take and release cost without the send, and the lease's own bookkeeping. A send cannot
/// be timed alone with Measure's loops (the queue would fill), so sends and takes run in batches:
/// each round times a batch of sends, then a batch of takes of what was just sent, both per call.
/// </summary>
internal static class HandOverSteps
{
    /// <summary>Under the publisher's default queue depth (64), so no send of a batch is skipped.</summary>
    private const int Batch = 32;

    private const int DataLength = 64;

    public static string Run(
        Publisher raw, Subscriber rawSubscriber, Publisher alone,
        Publisher<Image> images, Subscriber<Image> imageSubscriber, RecordBatchLayout layout, Image.Writer writer,
        byte[] sample, bool quick)
    {
        var reader = new ReusableRecordBatchReader(Image.Schema);
        reader.Read(sample);
        var single = new (string Name, Func<long> Operation)[]
        {
            ("raw Loan(64) + Dispose, nothing sent", () => LoanOnly(raw)),
            ("raw Loan(64) + Send, no subscriber (pool and send bookkeeping, no in-flight entry, no ring)", () => (long)alone.Send(alone.Loan(DataLength))),
            ("the send's two clock reads (Stopwatch.GetTimestamp, DateTime.UtcNow)", Clocks),
            ("lease: decode with layout cache, then Unbind", () => DecodeAndUnbind(reader, sample)),
        };
        var pairs = new (string Send, Func<long> SendOne, string Take, Func<long> TakeOne)[]
        {
            ("raw Loan(64) + Send to one ring subscriber", () => (long)raw.Send(raw.Loan(DataLength)),
             "raw TryTake + Release (transport)", () => TakeRaw(rawSubscriber)),
            ("typed Loan(layout), writer, Send to one ring subscriber", () => (long)SendPathBenchmark.Send(images, images.Loan(layout), writer),
             "typed sample, transport TryTake + Release only (no decode, no lease)", () => TakeRaw(imageSubscriber.Transport)),
            ("typed Loan(layout), writer, Send (again, for the next take row)", () => (long)SendPathBenchmark.Send(images, images.Loan(layout), writer),
             "typed TryTake (lease: decode, bind) + read Data + Dispose", () => TakeLease(imageSubscriber)),
            ("typed Loan(layout), writer, Send (again, for the next take row)", () => (long)SendPathBenchmark.Send(images, images.Loan(layout), writer),
             "typed TryTake (lease: decode, bind) + Dispose, Data not read", () => TakeLeaseUnread(imageSubscriber)),
        };
        foreach (var (_, operation) in single)
            Measure.WarmUp(operation);
        var singleMedians = Measure.InterleavedMedians(single.Select(step => step.Operation).ToArray(), quick ? 15 : 101);
        var (sendMedians, takeMedians) = BatchedMedians(pairs.Select(pair => (pair.SendOne, pair.TakeOne)).ToArray(), quick ? 201 : 2001);

        var report = new StringBuilder();
        report.AppendLine("| hand-over step (64 B payload, one thread) | median | allocated |");
        report.AppendLine("|---|---:|---:|");
        for (var i = 0; i < single.Length; i++)
            report.AppendLine($"| {single[i].Name} | {singleMedians[i]:F0} ns | {Measure.AllocatedPerCall(single[i].Operation)} B |");
        for (var i = 0; i < pairs.Length; i++)
        {
            var (sendAllocated, takeAllocated) = AllocatedPerPair(pairs[i].SendOne, pairs[i].TakeOne);
            report.AppendLine($"| {pairs[i].Send} | {sendMedians[i]:F0} ns | {sendAllocated} B |");
            report.AppendLine($"| {pairs[i].Take} | {takeMedians[i]:F0} ns | {takeAllocated} B |");
        }
        report.AppendLine($"| lease bookkeeping: typed take minus transport take minus decode-and-Unbind | {takeMedians[2] - takeMedians[1] - singleMedians[3]:F0} ns | |");
        return report.ToString();
    }

    /// <summary>
    /// Per round and pair: a batch of sends timed, then a batch of takes of those samples timed;
    /// the medians per call over the rounds. The pairs take turns within a round, so a burst of
    /// load on the machine lands on all of them alike.
    /// </summary>
    private static (double[] Send, double[] Take) BatchedMedians((Func<long> Send, Func<long> Take)[] pairs, int rounds)
    {
        long sink = 0;
        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 2 * pairs.Length;
        while (Stopwatch.GetTimestamp() < warmUntil)
            foreach (var pair in pairs)
                sink += RunBatch(pair.Send) + RunBatch(pair.Take);
        var sends = pairs.Select(_ => new double[rounds]).ToArray();
        var takes = pairs.Select(_ => new double[rounds]).ToArray();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < pairs.Length; i++)
            {
                var start = Stopwatch.GetTimestamp();
                sink += RunBatch(pairs[i].Send);
                var sent = Stopwatch.GetTimestamp();
                sink += RunBatch(pairs[i].Take);
                var taken = Stopwatch.GetTimestamp();
                sends[i][round] = Stopwatch.GetElapsedTime(start, sent).TotalNanoseconds / Batch;
                takes[i][round] = Stopwatch.GetElapsedTime(sent, taken).TotalNanoseconds / Batch;
            }
        }
        GC.KeepAlive(sink);
        return (sends.Select(Median).ToArray(), takes.Select(Median).ToArray());
    }

    private static double Median(double[] values) => values.Order().ElementAt(values.Length / 2);

    private static long RunBatch(Func<long> operation)
    {
        long sink = 0;
        for (var i = 0; i < Batch; i++)
            sink += operation();
        return sink;
    }

    private static (long Send, long Take) AllocatedPerPair(Func<long> send, Func<long> take)
    {
        RunBatch(send);
        RunBatch(take);
        var before = GC.GetAllocatedBytesForCurrentThread();
        RunBatch(send);
        var sent = GC.GetAllocatedBytesForCurrentThread();
        RunBatch(take);
        var taken = GC.GetAllocatedBytesForCurrentThread();
        return ((sent - before) / Batch, (taken - sent) / Batch);
    }

    private static long LoanOnly(Publisher publisher)
    {
        using var loan = publisher.Loan(DataLength);
        return loan.Length;
    }

    private static long Clocks() => Stopwatch.GetTimestamp() ^ DateTime.UtcNow.Ticks;

    private static long DecodeAndUnbind(ReusableRecordBatchReader reader, byte[] sample)
    {
        reader.Read(sample);
        long length = reader.Batch.Length;
        reader.Unbind();
        return length;
    }

    private static long TakeRaw(Subscriber subscriber)
    {
        if (subscriber.TryTake(TimeSpan.FromSeconds(10), out var sample) != SampleTake.Sample)
            throw new InvalidOperationException("A sample sent in this batch did not come back.");
        long length = sample.Length;
        subscriber.Release(sample);
        return length;
    }

    private static long TakeLeaseUnread(Subscriber<Image> subscriber)
    {
        if (!subscriber.TryTake(out var lease, TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("A message sent in this batch did not come back.");
        lease.Dispose();
        return 1;
    }

    private static long TakeLease(Subscriber<Image> subscriber)
    {
        if (!subscriber.TryTake(out var lease, TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("A message sent in this batch did not come back.");
        using (lease)
            return BinaryPrimitives.ReadInt64LittleEndian(lease.Message.Data);
    }
}
