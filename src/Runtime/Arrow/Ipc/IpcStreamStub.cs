namespace Quiver.Arrow.Ipc;

// Throwaway stand-in for the IPC stream API while it is written on another branch; deleted before merge.
public sealed class IpcStreamReader
{
    public IpcStreamReader(ReadOnlyMemory<byte> stream) => throw new NotImplementedException($"stub ({stream.Length} bytes)");

    public static IpcStreamReader FromFile(string path) => throw new NotImplementedException(path);

    public Schema Schema => throw new NotImplementedException();

    public RecordBatch? ReadNext() => throw new NotImplementedException();

    public IEnumerable<RecordBatch> ReadAll() => throw new NotImplementedException();
}

public sealed class IpcStreamWriter : IDisposable
{
    public IpcStreamWriter(Stream output, Schema schema) => throw new NotImplementedException($"stub {output} {schema}");

    public void Write(RecordBatch batch) => throw new NotImplementedException(batch.ToString());

    public void Finish() => throw new NotImplementedException();

    public void Dispose() { }
}
