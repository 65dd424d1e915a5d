using System.Text;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc;
using Quiver.Interop.ApacheArrow;

namespace Quiver.Bench;

/// <summary>
/// One record batch message (what a topic's sample holds), read by each reader that can read it in
/// place: Quiver's <see cref="IpcMessageReader"/> (a new batch per read), Quiver's
/// <see cref="ReusableRecordBatchReader"/> (the typed receive path: one batch rebound per message)
/// and Apache.Arrow's <see cref="Apache.Arrow.ArrowSerializationHelpers.DeserializeRecordBatch"/>. Each read
/// touches the payload's first and last byte. Quiver's new-batch read is the baseline.
/// </summary>
internal static class ApacheArrowReadBenchmark
{
    private static readonly int[] PayloadSizes = [1 << 10, 1 << 20, 64 << 20];

    public static string Run(bool quick)
    {
        var samples = quick ? 15 : 101;
        var report = new StringBuilder();
        report.AppendLine("| payload | reader | read + touch payload (median) | vs Quiver new batch | allocated per read |");
        report.AppendLine("|---:|---|---:|---:|---:|");
        foreach (var size in PayloadSizes)
        {
            var (schema, message) = OneRowMessage.Create(size);
            var apacheSchema = Apache.Arrow.ArrowSerializationHelpers.DeserializeSchema(IpcMessageWriter.WriteSchema(schema));
            var exportedSchema = schema.ToApacheArrow();
            var reusable = new ReusableRecordBatchReader(schema);
            (string Name, Func<long> Read)[] readers =
            [
                ("Quiver, new batch", () =>
                {
                    using var batch = IpcMessageReader.ReadRecordBatch(schema, message);
                    return Touch(((BinaryArray)batch.Column(1)).GetBytes(0));
                }),
                ("Quiver, reusable reader", () =>
                {
                    reusable.Read(message);
                    return Touch(((BinaryArray)reusable.Batch.Column(1)).GetBytes(0));
                }),
                ("Quiver, handed to Apache.Arrow (C Data)", () =>
                {
                    var batch = IpcMessageReader.ReadRecordBatch(schema, message);
                    using var shared = ApacheArrowBatches.ToApache(batch, exportedSchema, onReleased: batch);
                    return Touch(((Apache.Arrow.BinaryArray)shared.Column(1)).GetBytes(0));
                }),
                ("Apache.Arrow", () =>
                {
                    using var batch = Apache.Arrow.ArrowSerializationHelpers.DeserializeRecordBatch(apacheSchema, message);
                    return Touch(((Apache.Arrow.BinaryArray)batch.Column(1)).GetBytes(0));
                }),
            ];
            double? baseline = null;
            foreach (var (name, read) in readers)
            {
                var ns = Measure.MedianNanoseconds(read, samples);
                var allocated = Measure.AllocatedPerCall(read);
                baseline ??= ns;
                report.AppendLine($"| {ZeroCopyReadBenchmark.FormatSize(size)} | {name} | {ZeroCopyReadBenchmark.FormatNs(ns)} | {ns / baseline.Value:F2}x | {allocated} B |");
            }
        }
        return report.ToString();
    }

    private static long Touch(ReadOnlySpan<byte> payload) => payload[0] + payload[^1] + payload.Length;
}
