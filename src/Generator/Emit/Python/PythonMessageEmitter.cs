using Quiver.Generator.Model;

namespace Quiver.Generator.Emit.Python;

/// <summary>
/// Writes one message class: constants (name, fingerprint, canonical schema), the lazily built
/// <c>SCHEMA</c>, the nested <c>Batch</c> class, the keyword constructor and one property per
/// field. The shared behaviour lives in <c>_Message</c> of <c>quiver._generated</c> (src/Python/quiver/_generated.py).
/// </summary>
internal static class PythonMessageEmitter
{
    public static void Write(SourceWriter writer, MessageModel message, PythonNames names)
    {
        var fields = message.Fields;
        using (writer.OpenBlock($"class {message.PythonName}(_Message):"))
        {
            writer.WriteLine(PythonLiterals.Docstring(message.Doc ?? $"The message ``{message.Name}``."));
            writer.WriteLine();
            writer.WriteLine($"""
                __slots__ = ()
                MESSAGE = {PythonLiterals.String(message.Name.ToString())}
                FINGERPRINT = {PythonLiterals.String(message.Fingerprint)}
                CANONICAL_SCHEMA = {PythonLiterals.String(message.CanonicalSchema)}
                """);
            WriteSchema(writer, message, names);
            writer.WriteLine($"_FIELDS = {Tuple(fields.Select(f => PythonLiterals.String(f.Name)))}");
            writer.WriteLine($"_ATTRIBUTES = {Tuple(fields.Select(f => PythonLiterals.String(f.PythonName)))}");
            writer.WriteLine();
            using (writer.OpenBlock($"class Batch(_MessageBatch[{PythonLiterals.String(message.PythonName)}]):"))
            {
                writer.WriteLine($"\"\"\"Rows of ``{message.PythonName}`` messages in one record batch; ``batch[i]`` reads row i in place.\"\"\"");
                writer.WriteLine();
                writer.WriteLine("__slots__ = ()");
            }
            writer.WriteLine();
            WriteConstructor(writer, message, names);
            foreach (var field in fields)
                PythonFieldEmitter.WriteProperties(writer, field, message, names);
        }
        writer.WriteLine();
        writer.WriteLine();
        writer.WriteLine($"{message.PythonName}.Batch._message = {message.PythonName}");
    }

    private static void WriteSchema(SourceWriter writer, MessageModel message, PythonNames names)
    {
        writer.WriteLine("SCHEMA = _Schema(");
        writer.WriteLine("    lambda pa: pa.schema(");
        writer.WriteLine("        [");
        foreach (var field in message.Fields)
            writer.WriteLine("            " + PythonArrowTypes.Field(field.Name, field.Type, names) + ",");
        writer.WriteLine("        ],");
        writer.WriteLine($"        metadata={{\"quiver.message\": {PythonLiterals.String(message.Name.ToString())}, \"quiver.fingerprint\": {PythonLiterals.String(message.Fingerprint)}}},");
        writer.WriteLine("    )");
        writer.WriteLine(")");
    }

    private static void WriteConstructor(SourceWriter writer, MessageModel message, PythonNames names)
    {
        if (message.Fields.Count == 0)
        {
            using (writer.OpenBlock("def __init__(self) -> None:"))
            {
                writer.WriteLine("\"\"\"A message to send (it has no fields).\"\"\"");
                writer.WriteLine("self._cells = None");
                writer.WriteLine("self._values = {}");
            }
            return;
        }
        writer.WriteLine("def __init__(");
        writer.WriteLine("    self,");
        writer.WriteLine("    *,");
        foreach (var field in message.Fields)
        {
            var optional = field.Type.IsNullable ? " = None" : "";
            writer.WriteLine($"    {field.PythonName}: {PythonTypeHints.Parameter(field.Type, names)}{optional},");
        }
        using (writer.OpenBlock(") -> None:"))
        {
            writer.WriteLine("\"\"\"A message to send. Nullable fields default to None; ``to_arrow()`` or ``Batch.of`` turn it into a record batch.\"\"\"");
            writer.WriteLine("self._cells = None");
            writer.WriteLine("self._values = {");
            foreach (var field in message.Fields)
                writer.WriteLine($"    {PythonLiterals.String(field.Name)}: {Stored(field)},");
            writer.WriteLine("}");
        }
    }

    /// <summary>Times are kept as raw Arrow values, so a constructed message reads like a received one.</summary>
    private static string Stored(FieldModel field) => field.Type switch
    {
        TimestampTypeModel t => $"_raw_timestamp({field.PythonName}, {PythonArrowTypes.Unit(t.Unit)})",
        DurationTypeModel d => $"_raw_duration({field.PythonName}, {PythonArrowTypes.Unit(d.Unit)})",
        _ => field.PythonName,
    };

    private static string Tuple(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 1 ? "(" + list[0] + ",)" : "(" + string.Join(", ", list) + ")";
    }
}
