using System.Text.Json;

namespace Quiver.Interop.Tests.Golden;

/// <summary>Typed access to members of integration JSON objects; a missing or mistyped member names where it was expected.</summary>
internal static class JsonMembers
{
    public static JsonElement Required(JsonElement obj, string name, string path)
    {
        if (obj.ValueKind != JsonValueKind.Object)
            throw Invalid(path, $"expected an object holding '{name}', found {obj.ValueKind}");
        if (!obj.TryGetProperty(name, out var value))
            throw Invalid(path, $"member '{name}' is missing");
        return value;
    }

    public static JsonElement? Optional(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    public static string String(JsonElement obj, string name, string path) =>
        Of(Required(obj, name, path), JsonValueKind.String, name, path).GetString()!;

    public static bool Boolean(JsonElement obj, string name, string path)
    {
        var value = Required(obj, name, path);
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(path, $"member '{name}' should be a boolean, found {value.ValueKind}"),
        };
    }

    public static int Int32(JsonElement obj, string name, string path)
    {
        var value = Of(Required(obj, name, path), JsonValueKind.Number, name, path);
        return value.TryGetInt32(out var result) ? result : throw Invalid(path, $"member '{name}' is not a 32-bit integer: {value.GetRawText()}");
    }

    public static JsonElement Array(JsonElement obj, string name, string path) =>
        Of(Required(obj, name, path), JsonValueKind.Array, name, path);

    /// <summary>An array member that must hold exactly <paramref name="length"/> items.</summary>
    public static JsonElement Array(JsonElement obj, string name, int length, string path)
    {
        var array = Array(obj, name, path);
        if (array.GetArrayLength() != length)
            throw Invalid(path, $"{name} has {array.GetArrayLength()} entries, expected {length}");
        return array;
    }

    public static InvalidDataException Invalid(string path, string problem) => new($"Integration JSON at {path}: {problem}.");

    private static JsonElement Of(JsonElement value, JsonValueKind kind, string name, string path) =>
        value.ValueKind == kind ? value : throw Invalid(path, $"member '{name}' should be {kind}, found {value.ValueKind}");
}
