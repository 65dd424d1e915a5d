using Quiver.Arrow;

namespace Quiver.Interop.Tests.Golden;

/// <summary>Assertions shared by the golden-stream tests; every failure names the source, batch and place.</summary>
internal static class GoldenAssert
{
    /// <summary>The schema and every batch read from <paramref name="source"/> match the integration JSON.</summary>
    public static void MatchesJson(string source, IntegrationJsonFile json, Schema actualSchema, IReadOnlyList<RecordBatch> batches)
    {
        var expectedSchema = json.Schema.Schema ?? throw new InvalidOperationException($"{source}: the JSON schema is not one Quiver supports.");
        if (SchemaComparer.FindDifference(expectedSchema, actualSchema) is { } schemaDifference)
            Assert.Fail($"{source}: {schemaDifference}");
        if (batches.Count != json.Batches.Count)
            Assert.Fail($"{source}: expected {json.Batches.Count} record batches, read {batches.Count}");
        for (var i = 0; i < batches.Count; i++)
        {
            if (SchemaComparer.FindDifference(expectedSchema, batches[i].Schema) is { } batchSchemaDifference)
                Assert.Fail($"{source} batch {i} schema: {batchSchemaDifference}");
            if (BatchComparer.FindDifference(json.Batches[i], batches[i]) is { } difference)
                Assert.Fail($"{source} batch {i}: {difference}");
        }
    }

    /// <summary>
    /// <paramref name="read"/> throws <see cref="ArrowNotSupportedException"/> (nothing else) whose
    /// message names one of the unsupported features the JSON declares.
    /// </summary>
    public static void Refused(string source, IntegrationJsonFile json, Action read)
    {
        var unsupported = json.Schema.Unsupported;
        if (unsupported.Count == 0)
            throw new InvalidOperationException($"{source}: the JSON schema is supported, nothing should be refused.");
        var error = Assert.Throws<ArrowNotSupportedException>(read);
        Assert.True(
            unsupported.Any(feature => feature.IsNamedIn(error.Message)),
            $"{source}: the refusal should name one of {string.Join(", ", unsupported.SelectMany(f => f.AcceptedNames).Distinct())} (JSON: {string.Join("; ", unsupported)}), but the message was: {error.Message}");
    }

    public static void DisposeAll(IEnumerable<RecordBatch> batches)
    {
        foreach (var batch in batches)
            batch.Dispose();
    }
}
