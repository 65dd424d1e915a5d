using System.Text.Json.Nodes;
using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Interop.Tests.Tooling;

namespace Quiver.Interop.Tests.JavaScript;

/// <summary>
/// apache-arrow (JavaScript) writes IPC streams and says, as canonical JSON, which values it put
/// in; Quiver reads the streams and must find exactly those values.
/// </summary>
public sealed class QuiverReadsApacheArrowStreamsTests(ApacheArrowWrittenStreams streams) : IClassFixture<ApacheArrowWrittenStreams>
{
    public static TheoryData<string> Cases => new(ApacheArrowWrittenStreams.Names);

    [Fact]
    public void TheScriptWroteExactlyTheExpectedCases() => Assert.Equal(ApacheArrowWrittenStreams.Names, streams.WrittenNames);

    [Theory]
    [MemberData(nameof(Cases))]
    public void QuiverReadsWhatApacheArrowWroteFromMemory(string name)
    {
        var reader = new IpcStreamReader(File.ReadAllBytes(streams.StreamPath(name)));
        var batches = new List<RecordBatch>();
        try
        {
            while (reader.ReadNext() is { } batch)
                batches.Add(batch);
            CanonicalJson.AssertEqual(streams.Expected(name), CanonicalJson.FromBatches(reader.Schema, batches));
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void QuiverReadsWhatApacheArrowWroteFromFile(string name)
    {
        var reader = IpcStreamReader.FromFile(streams.StreamPath(name));
        var batches = reader.ReadAll().ToList();
        try
        {
            CanonicalJson.AssertEqual(streams.Expected(name), CanonicalJson.FromBatches(reader.Schema, batches));
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }
}

/// <summary>Runs write-ipc-streams.mjs once for the test class and keeps its output until the class is done.</summary>
public sealed class ApacheArrowWrittenStreams : IDisposable
{
    public static readonly IReadOnlyList<string> Names = ["primitives", "strings", "temporal", "nested", "decimals_maps_dictionaries", "empty"];

    private readonly TemporaryDirectory _directory = new();

    public ApacheArrowWrittenStreams()
    {
        var output = NodeScripts.Run("write-ipc-streams.mjs", _directory.Path);
        WrittenNames = JsonNode.Parse(output)!.AsArray().Select(n => n!.GetValue<string>()).ToList();
    }

    public IReadOnlyList<string> WrittenNames { get; }

    public string StreamPath(string name) => _directory.File(name + ".arrows");

    public JsonNode? Expected(string name) => JsonNode.Parse(File.ReadAllText(_directory.File(name + ".json")));

    public void Dispose() => _directory.Dispose();
}
