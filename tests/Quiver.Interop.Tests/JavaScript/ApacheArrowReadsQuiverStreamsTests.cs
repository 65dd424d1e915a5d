using System.Text.Json.Nodes;
using Quiver.Arrow.Ipc;
using Quiver.Interop.Tests.Tooling;

namespace Quiver.Interop.Tests.JavaScript;

/// <summary>Quiver writes IPC streams; apache-arrow (JavaScript) reads them back; the values must be the ones Quiver was given.</summary>
public sealed class ApacheArrowReadsQuiverStreamsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public static TheoryData<string> Cases => new(QuiverStreamCases.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public void ApacheArrowReadsWhatQuiverWrote(string name)
    {
        var stream = QuiverStreamCases.Get(name);
        var path = _directory.File(name + ".arrows");
        using (var file = File.Create(path))
        using (var writer = new IpcStreamWriter(file, stream.Schema))
        {
            foreach (var batch in stream.Batches)
            {
                using var recordBatch = batch.Build(stream.Schema);
                writer.Write(recordBatch);
            }
            writer.Finish();
        }

        var read = JsonNode.Parse(NodeScripts.Run("read-ipc-stream.mjs", path));

        var expected = CanonicalJson.FromValues(stream.Schema, stream.Batches.Select(b => b.VisibleColumns));
        CanonicalJson.AssertEqual(expected, read);
    }

    public void Dispose() => _directory.Dispose();
}
