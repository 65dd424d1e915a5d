using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;

namespace Quiver.Bench;

/// <summary>The read benchmarks' batch: one row of <c>{sequence: uint64, data: binary}</c> with a random payload, as one IPC record batch message.</summary>
internal static class OneRowMessage
{
    public static (Schema Schema, byte[] Message) Create(int payloadSize)
    {
        var schema = new Schema([new Field("sequence", IntType.UInt64, nullable: false), new Field("data", BinaryType.Default, nullable: false)]);
        var payload = new byte[payloadSize];
        Random.Shared.NextBytes(payload);
        var sequence = new ArrayData(IntType.UInt64, 1, 0, 0, [default, MemoryMarshal.AsBytes<ulong>([42UL]).ToArray()]);
        var data = new ArrayData(BinaryType.Default, 1, 0, 0, [default, MemoryMarshal.AsBytes<int>([0, payloadSize]).ToArray(), payload]);
        using var batch = new RecordBatch(schema, [ArrowArrayFactory.Create(sequence), ArrowArrayFactory.Create(data)], 1);
        return (schema, IpcMessageWriter.WriteRecordBatch(batch));
    }
}
