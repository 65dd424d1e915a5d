// Builds a record batch of camera frames straight into native memory as an Arrow IPC message,
// saves it as an Arrow IPC stream (.arrows), reads the file back without copying the payloads,
// and prints it. Usage: dotnet run --project examples/ArrowRoundTrip [-- output.arrows]
// A file named on the command line is kept; without one, a temporary file is used and removed.
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Memory;
using Quiver.Arrow.Types;
using Quiver.Examples.ArrowRoundTrip;

var keepFile = args.Length > 0;
var path = keepFile ? args[0] : Path.Combine(Path.GetTempPath(), $"quiver-demo-{Environment.ProcessId}.arrows");
var frames = CameraFrames.Synthetic(count: 3, width: 640, height: 480);

// 1. Plan the batch, then write every column in place into a 64-byte aligned native region.
var layout = CameraFrames.Plan(frames);
var length = RecordBatchMessageWriter.GetMessageLength(layout);
unsafe
{
    var region = (byte*)NativeMemory.AlignedAlloc((nuint)length, 64);
    try
    {
        using var memory = new UnmanagedMemoryManager(region, length);
        var message = new RecordBatchMessageWriter(layout, memory.Memory);
        CameraFrames.Write(frames, message.Body);
        message.Finish();
        Console.WriteLine($"Wrote {frames.Count} frames as one {length:N0}-byte Arrow IPC record batch message in native memory.");

        // 2. Frame it as an Arrow IPC stream file that pyarrow, arrow-js or DuckDB can open.
        using (var file = File.Create(path))
        {
            file.Write(IpcMessageWriter.WriteSchema(CameraFrames.Schema));
            file.Write(memory.GetSpan()[..length]);
            file.Write(IpcMessageWriter.EndOfStream);
        }
        Console.WriteLine($"Saved {path} ({new FileInfo(path).Length:N0} bytes).");
    }
    finally
    {
        NativeMemory.AlignedFree(region);
    }
}

// 3. Read it back: the views point into the bytes read from the file; nothing is copied.
// Pinned, so the offsets printed below stay true while the views are in use.
var stream = GC.AllocateUninitializedArray<byte>(checked((int)new FileInfo(path).Length), pinned: true);
using (var file = File.OpenRead(path))
    file.ReadExactly(stream);
var reader = new IpcStreamReader(stream);
Console.WriteLine();
Console.WriteLine("Schema:");
foreach (var field in reader.Schema.Fields)
    Console.WriteLine($"  {field}");
Console.WriteLine();
using (var batch = reader.ReadNext() ?? throw new InvalidDataException("The stream has no record batch."))
{
    var sequence = (PrimitiveArray<ulong>)batch.Column("sequence");
    var stamp = (TimestampArray)batch.Column("stamp");
    var labels = (ListArray)batch.Column("labels");
    var data = (BinaryArray)batch.Column("data");
    Console.WriteLine("sequence | stamp (UTC)                 | labels          | data");
    for (var row = 0; row < batch.Length; row++)
    {
        var pixels = data.GetBytes(row);
        var rowLabels = (StringArray)labels.GetList(row);
        var labelText = string.Join(", ", Enumerable.Range(0, rowLabels.Length).Select(i => rowLabels.GetString(i) ?? "null"));
        Console.WriteLine($"{sequence.GetValue(row),8} | {stamp.GetDateTimeOffset(row):yyyy-MM-dd HH:mm:ss.fffffff} | {labelText,-15} | " +
                          $"{pixels.Length:N0} bytes, first pixel {pixels[0]},{pixels[1]},{pixels[2]}, at offset {OffsetIn(stream, pixels):N0} of the file's bytes");
    }
}
if (!keepFile)
    File.Delete(path);

static unsafe long OffsetIn(byte[] stream, ReadOnlySpan<byte> view)
{
    fixed (byte* start = stream)
        return (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(view)) - start;
}
