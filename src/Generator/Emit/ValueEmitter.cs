using System.Globalization;
using Quiver.Generator.Model;
using static Quiver.Generator.Emit.CSharpTypeNames;

namespace Quiver.Generator.Emit;

/// <summary>
/// Writes the plain <c>M.Value</c> record (owned .NET values: arrays, strings, byte memory, nested
/// values; timestamps and durations as their raw counts so a copy is exact) and the view's
/// <c>ToValue()</c> deep copy.
/// </summary>
internal static class ValueEmitter
{
    /// <summary>
    /// A typed null: a bare <c>null</c> next to a <c>ReadOnlyMemory&lt;byte&gt;</c> would convert
    /// through its implicit operator from arrays to empty memory, not to a null <c>Nullable</c>.
    /// </summary>
    private const string NullMemory = "(global::System.ReadOnlyMemory<byte>?)null";

    public static void WriteRecord(SourceWriter writer, MessageModel message)
    {
        writer.WriteLine($"/// <summary>A <see cref=\"{message.CSharpName}\"/> as plain .NET values, for the one-copy send path and for <see cref=\"ToValue\"/> copies.</summary>");
        using (writer.OpenBlock($"public sealed partial record Value : {Messages}IMessageValue<{Generated(message.Name)}>"))
        {
            var first = true;
            foreach (var field in message.Fields)
            {
                if (!first)
                    writer.WriteLine();
                first = false;
                DocComments.Write(writer, field.Doc);
                writer.WriteLine($"public {Value(field.Type)} {field.CSharpName} {{ get; init; }}{Default(field.Type)}");
            }
        }
    }

    public static void WriteToValue(SourceWriter writer, MessageModel message, DerivedNames names)
    {
        writer.WriteLine("/// <summary>A deep copy of this message as plain .NET values, valid after the batch is released.</summary>");
        if (message.Fields.Count == 0)
        {
            writer.WriteLine("public Value ToValue() => new Value();");
            return;
        }
        writer.WriteLine("public Value ToValue() => new Value");
        writer.WriteLine("{");
        foreach (var field in message.Fields)
            writer.WriteLine($"    {field.CSharpName} = {Copy(field, names)},");
        writer.WriteLine("};");
    }

    private static string Default(TypeModel type) => type switch
    {
        { IsNullable: true } => "",
        PrimitiveTypeModel { Kind: PrimitiveKind.String } or DictionaryTypeModel => " = \"\";",
        MapTypeModel => " = new();",
        FixedSizeBinaryTypeModel f => $" = new byte[{Number(f.ByteWidth)}];",
        ListTypeModel => " = [];",
        FixedSizeListTypeModel f when !f.Item.IsNullable && IsValueTypeElement(f.Item) => $" = new {Value(f.Item)}[{Number(f.Size)}];",
        FixedSizeListTypeModel => " = [];",
        MessageTypeModel => " = new();",
        _ => "",
    };

    private static bool IsValueTypeElement(TypeModel type) =>
        type is PrimitiveTypeModel { Kind: not (PrimitiveKind.String or PrimitiveKind.Bytes) } or EnumTypeModel or TimestampTypeModel or DurationTypeModel or DecimalTypeModel;

    private static string Copy(FieldModel field, DerivedNames names)
    {
        var type = field.Type;
        var name = field.CSharpName;
        return type switch
        {
            PrimitiveTypeModel { Kind: PrimitiveKind.Bytes } or FixedSizeBinaryTypeModel => type.IsNullable
                ? $"{names.Has(field)} ? new global::System.ReadOnlyMemory<byte>({name}.ToArray()) : {NullMemory}"
                : $"{name}.ToArray()",
            DurationTypeModel => names.Raw(field),
            ListTypeModel or FixedSizeListTypeModel when IsSpanElement(ViewEmitter.ListItem(type)) => type.IsNullable
                ? $"{names.Has(field)} ? {name}.ToArray() : null"
                : $"{name}.ToArray()",
            ListTypeModel or FixedSizeListTypeModel => (type.IsNullable ? name + "?." : name + ".") + ListCopy(ViewEmitter.ListItem(type), 0),
            MessageTypeModel => type.IsNullable ? name + "?.ToValue()" : name + ".ToValue()",
            MapTypeModel map => (type.IsNullable ? name + "?." : name + ".") + MapCopy(map, 0),
            _ => name,
        };
    }

    /// <summary><c>ToDictionary(...)</c> on a <c>MapView</c>, copying each value (keys are strings, numbers or enums: copied as they are).</summary>
    private static string MapCopy(MapTypeModel map, int depth)
    {
        var e = "e" + depth.ToString(CultureInfo.InvariantCulture);
        var copy = ElementCopy(map.Value, e, depth);
        return copy == e ? "ToDictionary()" : $"ToDictionary<{Value(map.Value)}>(static {e} => {copy})";
    }

    /// <summary><c>ToArray(...)</c> on a <c>ListView</c> of <paramref name="item"/>, copying each element.</summary>
    private static string ListCopy(TypeModel item, int depth)
    {
        var e = "e" + depth.ToString(CultureInfo.InvariantCulture);
        var copy = ElementCopy(item, e, depth);
        return copy == e ? "ToArray()" : $"ToArray<{Value(item)}>(static {e} => {copy})";
    }

    private static string ElementCopy(TypeModel type, string e, int depth)
    {
        var dot = type.IsNullable ? "?." : ".";
        return type switch
        {
            PrimitiveTypeModel { Kind: PrimitiveKind.Bytes } or FixedSizeBinaryTypeModel => type.IsNullable
                ? $"{e} is {{ }} m{depth} ? new global::System.ReadOnlyMemory<byte>(m{depth}.ToArray()) : {NullMemory}"
                : $"new global::System.ReadOnlyMemory<byte>({e}.ToArray())",
            ListTypeModel or FixedSizeListTypeModel when IsSpanElement(ViewEmitter.ListItem(type)) => e + dot + "ToArray()",
            ListTypeModel or FixedSizeListTypeModel => e + dot + ListCopy(ViewEmitter.ListItem(type), depth + 1),
            MessageTypeModel => e + dot + "ToValue()",
            MapTypeModel map => e + dot + MapCopy(map, depth + 1),
            _ => e,
        };
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
