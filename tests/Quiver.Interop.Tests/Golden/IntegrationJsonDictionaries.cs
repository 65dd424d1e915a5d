using System.Text.Json;
using Quiver.Arrow;
using Quiver.Arrow.Types;
using static Quiver.Interop.Tests.Golden.JsonMembers;

namespace Quiver.Interop.Tests.Golden;

/// <summary>The <c>dictionaries</c> of an integration JSON file: the values of each dictionary-encoded field, found by its id.</summary>
internal static class IntegrationJsonDictionaries
{
    public static IReadOnlyDictionary<Field, SlotValue?[]> Read(JsonElement root, IReadOnlyDictionary<Field, long> ids)
    {
        var values = new Dictionary<Field, SlotValue?[]>(ReferenceEqualityComparer.Instance);
        if (ids.Count == 0)
            return values;
        var byId = Array(root, "dictionaries", "file").EnumerateArray()
            .ToDictionary(d => (long)IntegrationJsonBatches.ReadInteger(Required(d, "id", "dictionaries"), 64, isSigned: true, "dictionaries id"));
        foreach (var (field, id) in ids)
        {
            var path = $"dictionary {id}";
            if (!byId.TryGetValue(id, out var dictionary))
                throw Invalid(path, $"field '{field.Name}' uses it, but the file has no such dictionary");
            var column = Array(Required(dictionary, "data", path), "columns", 1, path)[0];
            var valueField = new Field(String(column, "name", path), ((DictionaryType)field.Type).ValueType);
            values.Add(field, IntegrationJsonBatches.ReadColumn(column, valueField, path, values));
        }
        return values;
    }
}
