using System.Buffers.Binary;
using System.Text;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;
using Quiver.Transport;
using Vision;

namespace Quiver.Bench;

/// <summary>
/// Where a typed message's time goes between the publisher's writer and the subscriber's view, in
/// one process and on one thread, so no wake-up or cache transfer between cores is in the figures:
/// a raw 64 B sample and a typed vision.Image with 64 B of Data each sent and taken back through a
/// real publisher and subscriber on the shared-memory ring, and the typed path's own steps alone.
/// Typed round trip minus raw round trip is what the typed layers add; the step rows say which
/// layer adds how much.
/// </summary>
internal static class ReceivePathBenchmark
{
    private const int DataLength = 64;
    private static readonly TopicContract RawContract = new("bench.Bytes", 0x5EED5EED5EED5EED, Array.Empty<byte>());

    public static string Run(bool quick)
    {
        var samples = quick ? 15 : 101;
        string directory = Path.Combine(Path.GetTempPath(), $"quiver-receivepath-{Environment.ProcessId}");
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, directory);
        try
        {
            var options = new PublisherOptions { HeldWarningAfter = Timeout.InfiniteTimeSpan, Notification = NotificationPath.SharedMemoryRing };
            using var raw = Publisher.Create("bench/receive-raw", RawContract, options);
            using var rawSubscriber = Subscriber.Connect("bench/receive-raw", RawContract);
            using var alone = Publisher.Create("bench/receive-alone", RawContract, options);
            using var images = Topic.Publish<Image>("bench/receive-typed", options);
            using var imageSubscriber = Topic.Subscribe<Image>("bench/receive-typed");
            if (!raw.WaitForSubscribers(1, TimeSpan.FromSeconds(30)) || !images.Transport.WaitForSubscribers(1, TimeSpan.FromSeconds(30)))
                throw new TimeoutException("The subscribers did not join.");

            var layout = SendPathBenchmark.Plan();
            var writer = SendPathBenchmark.Writer(layout, new byte[layout.BodyLength]);
            var sample = OneSample(images, imageSubscriber, writer, DataLength);
            var otherSample = OneSample(images, imageSubscriber, writer, DataLength * 2);
            var reader = new ReusableRecordBatchReader(Image.Schema);
            var scratch = new byte[layout.BodyLength];
            var columns = RecordBatchDecoder.Unbound(Image.Schema);
            var steps = new (string Name, Func<long> Operation)[]
            {
                ("raw round trip: Loan(64), Send, take, release", () => RawRoundTrip(raw, rawSubscriber)),
                ("typed round trip: Loan(layout), writer, Send, TryTake, read Data, Dispose", () => TypedRoundTrip(images, imageSubscriber, layout, writer)),
                ("typed step: writer Reset, append the 9 columns, Finish()", () => WriteOnly(writer, layout, scratch)),
                ("typed step: decode and validate, metadata as the last message's (layout cache)", () => Decode(reader, sample)),
                ("typed step: decode and validate, metadata unlike the last message's (full decode, kept for the next)", () => DecodeAlternating(reader, sample, otherSample)),
                ("typed step: the same two messages in turn, decoded and validated without a layout cache (as before it)", () => DecodeWithoutCache(columns, sample, otherSample)),
                ("typed step: validate the bound columns alone", () => ValidateColumns(reader)),
            };
            foreach (var (_, operation) in steps)
                Measure.WarmUp(operation);
            var medians = Measure.InterleavedMedians(steps.Select(step => step.Operation).ToArray(), samples);
            var report = new StringBuilder();
            report.AppendLine("| step (64 B payload, one thread) | median | allocated |");
            report.AppendLine("|---|---:|---:|");
            for (var i = 0; i < steps.Length; i++)
                report.AppendLine($"| {steps[i].Name} | {medians[i]:F0} ns | {Measure.AllocatedPerCall(steps[i].Operation)} B |");
            report.AppendLine($"| typed round trip minus raw round trip | {medians[1] - medians[0]:F0} ns | |");
            report.AppendLine();
            report.Append(HandOverSteps.Run(raw, rawSubscriber, alone, images, imageSubscriber, layout, writer, sample, quick));
            return report.ToString();
        }
        finally
        {
            if (Directory.Exists(directory))
                Directory.Delete(directory, recursive: true);
        }
    }

    private static long RawRoundTrip(Publisher publisher, Subscriber subscriber)
    {
        using (var loan = publisher.Loan(DataLength))
        {
            loan.Span[0] = 1;
            publisher.Send(loan);
        }
        if (subscriber.TryTake(TimeSpan.FromSeconds(10), out var sample) != SampleTake.Sample)
            throw new InvalidOperationException("The raw sample did not come back.");
        long length = sample.Length;
        subscriber.Release(sample);
        return length;
    }

    private static long TypedRoundTrip(Publisher<Image> publisher, Subscriber<Image> subscriber, RecordBatchLayout layout, Image.Writer writer)
    {
        SendPathBenchmark.Send(publisher, publisher.Loan(layout), writer);
        if (!subscriber.TryTake(out var lease, TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("The typed message did not come back.");
        using (lease)
            return BinaryPrimitives.ReadInt64LittleEndian(lease.Message.Data);
    }

    private static long WriteOnly(Image.Writer writer, RecordBatchLayout layout, byte[] body)
    {
        writer.Reset(layout, body);
        return SendPathBenchmark.Finish(writer).BodyLength;
    }

    private static long ValidateColumns(ReusableRecordBatchReader reader)
    {
        var columns = reader.Batch.Columns;
        for (var i = 0; i < columns.Count; i++)
            ArrayDataValidator.Validate(columns[i].Data);
        return reader.Batch.Length;
    }

    private static bool _oddWithoutCache;

    private static long DecodeWithoutCache(ArrowArray[] columns, byte[] sample, byte[] other)
    {
        _oddWithoutCache = !_oddWithoutCache;
        var (_, message) = SampleDictionaries.Read(Image.Schema, _oddWithoutCache ? other : sample);
        return RecordBatchDecoder.Bind(Image.Schema, message, columns);
    }

    private static bool _odd;

    /// <summary>Two samples of different shapes in turn, so the reader never finds the last message's layout.</summary>
    private static long DecodeAlternating(ReusableRecordBatchReader reader, byte[] sample, byte[] other)
    {
        _odd = !_odd;
        return Decode(reader, _odd ? other : sample);
    }

    private static long Decode(ReusableRecordBatchReader reader, byte[] sample)
    {
        reader.Read(sample);
        return reader.Batch.Length;
    }

    /// <summary>The bytes of one typed sample as the subscriber maps them, copied out for the decode rows.</summary>
    private static byte[] OneSample(Publisher<Image> publisher, Subscriber<Image> subscriber, Image.Writer writer, int dataLength)
    {
        SendPathBenchmark.Send(publisher, publisher.Loan(SendPathBenchmark.Plan(dataLength)), writer, dataLength);
        if (subscriber.Transport.TryTake(TimeSpan.FromSeconds(10), out var sample) != SampleTake.Sample)
            throw new InvalidOperationException("The typed message did not come back.");
        var bytes = sample.Memory.ToArray();
        subscriber.Transport.Release(sample);
        return bytes;
    }
}
