using Quiver.Generator.Model;

namespace Quiver.Generator.Emit.Python;

/// <summary>
/// The properties of one field. A received message reads its cell in place: bytes as a
/// <c>pa.Buffer</c>, lists as a <c>pa.Array</c>, nested messages as views, nulls as None;
/// timestamps and durations also get a <c>{name}_raw</c> property with the Arrow integer.
/// </summary>
internal static class PythonFieldEmitter
{
    public static void WriteProperties(SourceWriter writer, FieldModel field, MessageModel message, PythonNames names)
    {
        var column = PythonLiterals.String(field.Name);
        var hint = PythonTypeHints.Property(field.Type, names);
        switch (field.Type)
        {
            case TimestampTypeModel t:
                WriteTime(writer, field, message, hint, $"_datetime(raw, {PythonArrowTypes.Unit(t.Unit)}, {(t.TimeZone is null ? "False" : "True")})",
                    $"``{field.Name}`` as its raw Arrow value: {UnitText(t.Unit)} since the Unix epoch" + (t.TimeZone is null ? " (wall-clock time, no time zone)." : ", UTC."));
                return;
            case DurationTypeModel d:
                WriteTime(writer, field, message, hint, $"_timedelta(raw, {PythonArrowTypes.Unit(d.Unit)})",
                    $"``{field.Name}`` as its raw Arrow value, in {UnitText(d.Unit)}.");
                return;
        }
        var body = field.Type switch
        {
            EnumTypeModel e => $"return _enum_or_int({names.Class(e.Enum)}, self._read({column}, _plain))",
            _ => $"return self._read({column}, {Converter(field.Type, names)})",
        };
        WriteProperty(writer, field.PythonName, hint, field.Doc, body);
        if (field.Type is PrimitiveTypeModel { Kind: PrimitiveKind.String })
            WriteProperty(writer, DerivedName(field, message, "_utf8"), field.Type.IsNullable ? "pa.Buffer | None" : "pa.Buffer",
                $"``{field.Name}`` as its UTF-8 bytes, in place (a received message's string is not decoded).", $"return self._read({column}, _buffer)");
    }

    /// <summary>
    /// The function turning a valid cell of <paramref name="type"/>, given as <c>(array, row)</c>,
    /// into what a property returns: strings decoded from their bytes (<c>_text</c>), numbers from
    /// the values buffer and decimals as <c>decimal.Decimal</c> and dictionary strings as <c>str</c>
    /// (<c>_plain</c>), maps as dicts of converted values (<c>_mapping</c>).
    /// </summary>
    private static string Converter(TypeModel type, PythonNames names) => type switch
    {
        PrimitiveTypeModel { Kind: PrimitiveKind.Bytes } or FixedSizeBinaryTypeModel => "_buffer",
        PrimitiveTypeModel { Kind: PrimitiveKind.String } => "_text",
        PrimitiveTypeModel or DecimalTypeModel or DictionaryTypeModel or EnumTypeModel or TimestampTypeModel or DurationTypeModel => "_plain",
        ListTypeModel or FixedSizeListTypeModel => "_values",
        MessageTypeModel m => $"{names.Class(m.Message)}._quiver_view",
        MapTypeModel map => map.Value is PrimitiveTypeModel { Kind: not (PrimitiveKind.Bytes) } or DecimalTypeModel or DictionaryTypeModel
            ? "_mapping"
            : $"lambda array, row: _mapping(array, row, {Converter(map.Value, names)})",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static void WriteTime(SourceWriter writer, FieldModel field, MessageModel message, string hint, string convert, string rawDoc)
    {
        var column = PythonLiterals.String(field.Name);
        var read = field.Type.IsNullable
            ? $"raw = self._read({column}, _raw)\nreturn None if raw is None else {convert}"
            : $"raw = self._read({column}, _raw)\nreturn {convert}";
        WriteProperty(writer, field.PythonName, hint, field.Doc, read);
        WriteProperty(writer, DerivedName(field, message, "_raw"), field.Type.IsNullable ? "int | None" : "int", rawDoc, $"return self._read({column}, _raw)");
    }

    /// <summary>
    /// A derived accessor's name (<c>{name}_raw</c>, <c>{name}_utf8</c>), with a trailing '_' when a
    /// field already has that name (as C# does for its derived accessors).
    /// </summary>
    public static string DerivedName(FieldModel field, MessageModel message, string suffix)
    {
        var name = Naming.NameMapping.ToPythonName(field.Name + suffix);
        return message.Fields.Any(f => f.PythonName == name) ? name + "_" : name;
    }

    private static void WriteProperty(SourceWriter writer, string name, string hint, string? doc, string body)
    {
        writer.WriteLine();
        writer.WriteLine("@property");
        using (writer.OpenBlock($"def {name}(self) -> {hint}:"))
        {
            if (doc is not null)
                writer.WriteLine(PythonLiterals.Docstring(doc));
            writer.WriteLine(body);
        }
    }

    private static string UnitText(Model.TimeUnit unit) => unit switch
    {
        Model.TimeUnit.Second => "seconds",
        Model.TimeUnit.Millisecond => "milliseconds",
        Model.TimeUnit.Microsecond => "microseconds",
        _ => "nanoseconds",
    };
}
