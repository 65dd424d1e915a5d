using System.Text.Json;
using static Quiver.Interop.Tests.Golden.JsonMembers;

namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// A parsed integration JSON file. <see cref="Batches"/> holds the expected values when the
/// schema is supported; for an unsupported schema it is empty (there is nothing Quiver could be
/// compared with) and only <see cref="BatchCount"/> is known.
/// </summary>
internal sealed record IntegrationJsonFile(IntegrationJsonSchema Schema, int BatchCount, IReadOnlyList<ExpectedBatch> Batches)
{
    public static IntegrationJsonFile Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var schema = IntegrationJsonSchema.Read(Required(root, "schema", "file"));
        if (Optional(root, "dictionaries") is not null && schema.IsSupported && schema.DictionaryIds.Count == 0)
            throw Invalid("file", "dictionaries are present but no field is dictionary-encoded");
        var batchCount = Array(root, "batches", "file").GetArrayLength();
        var batches = schema.Schema is { } supported ? IntegrationJsonBatches.Read(root, supported, IntegrationJsonDictionaries.Read(root, schema.DictionaryIds)) : [];
        return new IntegrationJsonFile(schema, batchCount, batches);
    }

    public static IntegrationJsonFile ForGoldenStream(string streamName) => Parse(GoldenFiles.ReadJson(streamName));
}
