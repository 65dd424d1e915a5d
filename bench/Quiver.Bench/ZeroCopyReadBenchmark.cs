using System.Text;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc;

namespace Quiver.Bench;

/// <summary>
/// Reading a one-row batch whose binary field is 1 KiB or 64 MiB from an in-memory IPC stream
/// should cost the same: the reader validates metadata and offsets, never the payload bytes.
/// A copy of the payload, measured in the same run, is the baseline the ratios are taken against.
/// </summary>
internal static class ZeroCopyReadBenchmark
{
    private static readonly int[] PayloadSizes = [1 << 10, 64 << 10, 1 << 20, 16 << 20, 64 << 20];

    public static string Run(bool quick)
    {
        var samples = quick ? 15 : 101;
        var report = new StringBuilder();
        report.AppendLine("| payload | read batch + touch payload (median) | vs 1 KiB | allocated per read | copy of payload (median) | copy / read |");
        report.AppendLine("|---:|---:|---:|---:|---:|---:|");
        double? oneKiB = null;
        foreach (var size in PayloadSizes)
        {
            var stream = new ReadOnlyMemory<byte>(WriteOneRowStream(size));
            var readNs = Measure.MedianNanoseconds(() => ReadOnce(stream), samples);
            var allocated = Measure.AllocatedPerCall(() => ReadOnce(stream));
            var source = new byte[size];
            var target = new byte[size];
            var copyNs = Measure.MedianNanoseconds(() => { source.AsSpan().CopyTo(target); return target[^1]; }, samples);
            oneKiB ??= readNs;
            report.AppendLine($"| {FormatSize(size)} | {FormatNs(readNs)} | {readNs / oneKiB.Value:F2}x | {allocated} B | {FormatNs(copyNs)} | {copyNs / readNs:F1}x |");
        }
        report.AppendLine();
        report.AppendLine("Read cost is flat across payload sizes when the reader is zero-copy; the copy column grows with the payload.");
        return report.ToString();
    }

    private static byte[] WriteOneRowStream(int payloadSize)
    {
        var (schema, message) = OneRowMessage.Create(payloadSize);
        using var output = new MemoryStream();
        output.Write(IpcMessageWriter.WriteSchema(schema));
        output.Write(message);
        output.Write(IpcMessageWriter.EndOfStream);
        return output.ToArray();
    }

    private static long ReadOnce(ReadOnlyMemory<byte> stream)
    {
        var reader = new IpcStreamReader(stream);
        using var batch = reader.ReadNext() ?? throw new InvalidOperationException("The stream has no batch.");
        var payload = ((BinaryArray)batch.Column(1)).GetBytes(0);
        return payload[0] + payload[^1] + payload.Length;
    }

    internal static string FormatSize(int bytes) => bytes >= 1 << 20 ? $"{bytes >> 20} MiB" : $"{bytes >> 10} KiB";

    internal static string FormatNs(double ns) => ns >= 1_000_000 ? $"{ns / 1_000_000:F2} ms" : ns >= 1_000 ? $"{ns / 1_000:F2} µs" : $"{ns:F0} ns";
}
