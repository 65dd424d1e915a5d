using Quiver.Arrow;
using Quiver.Arrow.Ipc;

namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// Conformance with the IPC streams Arrow C++ 21 wrote (arrow-testing ipc-stream/cpp-21.0.0):
/// every stream whose types Quiver implements is read, compared value by value with its
/// integration JSON, written back by Quiver and compared again; every other stream must be
/// refused with an <see cref="ArrowNotSupportedException"/> that names the unsupported type.
/// </summary>
public sealed class GoldenStreamTests
{
    [Fact]
    public void GoldenFolderHoldsStreamsWithJson()
    {
        var names = GoldenFiles.StreamNames();
        foreach (var name in names)
            Assert.NotEmpty(GoldenFiles.ReadJson(name));
    }

    [Theory]
    [MemberData(nameof(GoldenCases.Streams), MemberType = typeof(GoldenCases))]
    public void GoldenStreamMatchesIntegrationJson(string stream)
    {
        var json = GoldenCases.Load(stream);
        var path = GoldenFiles.StreamPath(stream);
        if (!json.Schema.IsSupported)
        {
            GoldenAssert.Refused(stream, json, () => ReadAll(IpcStreamReader.FromFile(path)));
            return;
        }

        var reader = IpcStreamReader.FromFile(path);
        var batches = reader.ReadAll().ToList();
        try
        {
            GoldenAssert.MatchesJson(stream, json, reader.Schema, batches);

            var rewritten = Write(reader.Schema, batches);
            var rereader = new IpcStreamReader(rewritten);
            var reread = rereader.ReadAll().ToList();
            try
            {
                GoldenAssert.MatchesJson($"{stream} rewritten by Quiver", json, rereader.Schema, reread);
            }
            finally
            {
                GoldenAssert.DisposeAll(reread);
            }
        }
        finally
        {
            GoldenAssert.DisposeAll(batches);
        }
    }

    private static void ReadAll(IpcStreamReader reader) => GoldenAssert.DisposeAll(reader.ReadAll().ToList());

    private static byte[] Write(Schema schema, IReadOnlyList<RecordBatch> batches)
    {
        using var output = new MemoryStream();
        using (var writer = new IpcStreamWriter(output, schema))
        {
            foreach (var batch in batches)
                writer.Write(batch);
            writer.Finish();
        }
        return output.ToArray();
    }
}
