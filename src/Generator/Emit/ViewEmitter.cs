using System.Globalization;
using Quiver.Generator.Model;
using static Quiver.Generator.Emit.CSharpTypeNames;

namespace Quiver.Generator.Emit;

/// <summary>
/// Writes the received view's properties: each reads row <c>_row</c> of its column in place,
/// after checking that the message is still the one of <c>_generation</c> (not released).
/// Payloads and numeric lists are spans over the batch's memory; other lists are
/// <c>ListView</c>s; nested messages are views themselves.
/// </summary>
internal static class ViewEmitter
{
    public static void WriteProperties(SourceWriter writer, MessageModel message, DerivedNames names)
    {
        for (var column = 0; column < message.Fields.Count; column++)
        {
            var field = message.Fields[column];
            writer.WriteLine();
            WriteProperty(writer, field, column, names);
        }
    }

    private static void WriteProperty(SourceWriter writer, FieldModel field, int column, DerivedNames names)
    {
        var type = field.Type;
        var name = field.CSharpName;
        var array = $"_columns.Get<{ArrayClass(type)}>({column}, _generation)";
        var any = $"_columns.Get<{Arrays}ArrowArray>({column}, _generation)";
        DocComments.Write(writer, field.Doc);
        switch (type)
        {
            case PrimitiveTypeModel { Kind: PrimitiveKind.String } or DictionaryTypeModel:
                writer.WriteLine(type.IsNullable
                    ? $"public string? {name} => {array}.GetString(_row);"
                    : $"public string {name} => {array}.GetString(_row) ?? \"\";");
                writer.WriteLine();
                DocComments.WriteSummary(writer, $"The UTF-8 bytes of <see cref=\"{name}\"/>, in place (empty when it is null).");
                writer.WriteLine($"public global::System.ReadOnlySpan<byte> {names.Utf8(field)} => {array}.GetBytes(_row);");
                break;
            case PrimitiveTypeModel { Kind: PrimitiveKind.Bytes } or FixedSizeBinaryTypeModel:
                writer.WriteLine(type.IsNullable
                    ? $"public global::System.ReadOnlySpan<byte> {name} => {any}.IsValid(_row) ? {array}.GetBytes(_row) : default;"
                    : $"public global::System.ReadOnlySpan<byte> {name} => {array}.GetBytes(_row);");
                break;
            case PrimitiveTypeModel p:
                writer.WriteLine($"public {Scalar(p.Kind)}{Question(type)} {name} => {array}.{Getter(type)}(_row);");
                break;
            case EnumTypeModel e:
                writer.WriteLine(type.IsNullable
                    ? $"public {Generated(e.Enum)}? {name} => {any}.IsValid(_row) ? ({Generated(e.Enum)}){array}.GetValue(_row) : null;"
                    : $"public {Generated(e.Enum)} {name} => ({Generated(e.Enum)}){array}.GetValue(_row);");
                break;
            case TimestampTypeModel:
                writer.WriteLine($"public long{Question(type)} {name} => {array}.{Getter(type)}(_row);");
                writer.WriteLine();
                DocComments.WriteSummary(writer, $"<see cref=\"{name}\"/> as an instant.");
                writer.WriteLine(type.IsNullable
                    ? $"public global::System.DateTimeOffset? {names.AsDateTimeOffset(field)} => {any}.IsValid(_row) ? {array}.GetDateTimeOffset(_row) : null;"
                    : $"public global::System.DateTimeOffset {names.AsDateTimeOffset(field)} => {array}.GetDateTimeOffset(_row);");
                break;
            case DurationTypeModel:
                writer.WriteLine(type.IsNullable
                    ? $"public global::System.TimeSpan? {name} => {any}.IsValid(_row) ? {array}.GetTimeSpan(_row) : null;"
                    : $"public global::System.TimeSpan {name} => {array}.GetTimeSpan(_row);");
                writer.WriteLine();
                DocComments.WriteSummary(writer, $"<see cref=\"{name}\"/> as stored: a count of the duration's unit.");
                writer.WriteLine($"public long{Question(type)} {names.Raw(field)} => {array}.{Getter(type)}(_row);");
                break;
            case ListTypeModel or FixedSizeListTypeModel:
                WriteList(writer, field, column, any);
                break;
            case DecimalTypeModel d:
                writer.WriteLine(type.IsNullable
                    ? $"public {Decimal(d)}? {name} => {any}.IsValid(_row) ? {array}.{DecimalGetter(d)}(_row) : null;"
                    : $"public {Decimal(d)} {name} => {array}.{DecimalGetter(d)}(_row);");
                break;
            case MapTypeModel map:
                var mapView = $"{MapView(map)}.Of(_columns, {any}, _row, {ElementReader(map.Key, 0)}, {ElementReader(map.Value, 0)})";
                writer.WriteLine(type.IsNullable
                    ? $"public {MapView(map)}? {name} => {any}.IsValid(_row) ? {mapView} : null;"
                    : $"public {MapView(map)} {name} => {mapView};");
                break;
            case MessageTypeModel m:
                var read = $"{Messages}MessageStructs.Read<{Generated(m.Message)}>(_columns, _generation, {column}, _row)";
                writer.WriteLine(type.IsNullable
                    ? $"public {Generated(m.Message)}? {name} => {any}.IsValid(_row) ? {read} : null;"
                    : $"public {Generated(m.Message)} {name} => {read};");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(field), type, null);
        }
        if (type.IsNullable)
        {
            writer.WriteLine();
            DocComments.WriteSummary(writer, $"Whether <see cref=\"{name}\"/> is present (not null).");
            writer.WriteLine($"public bool {names.Has(field)} => {any}.IsValid(_row);");
        }
    }

    private static void WriteList(SourceWriter writer, FieldModel field, int column, string any)
    {
        var item = ListItem(field.Type);
        var name = field.CSharpName;
        if (IsSpanElement(item))
        {
            var span = $"{Messages}PrimitiveSpans.List<{SpanElement(item)}>(_columns, {any}, _row)";
            writer.WriteLine(field.Type.IsNullable
                ? $"public global::System.ReadOnlySpan<{SpanElement(item)}> {name} => {any}.IsValid(_row) ? {span} : default;"
                : $"public global::System.ReadOnlySpan<{SpanElement(item)}> {name} => {span};");
            return;
        }
        var view = $"{ListView(item)}.Of(_columns, {any}, _row, {ElementReader(item, 0)})";
        writer.WriteLine(field.Type.IsNullable
            ? $"public {ListView(item)}? {name} => {any}.IsValid(_row) ? {view} : null;"
            : $"public {ListView(item)} {name} => {view};");
    }

    /// <summary>A static lambda reading one element of a list's values array.</summary>
    private static string ElementReader(TypeModel item, int depth)
    {
        var (o, v, i) = ("o" + Depth(depth), "v" + Depth(depth), "i" + Depth(depth));
        return $"static ({o}, {v}, {i}) => {Element(item, o, v, i, depth)}";
    }

    private static string Element(TypeModel type, string o, string v, string i, int depth)
    {
        var array = $"(({ArrayClass(type)}){v})";
        string read;
        switch (type)
        {
            case PrimitiveTypeModel { Kind: PrimitiveKind.String } or DictionaryTypeModel:
                return type.IsNullable ? $"{array}.GetString({i})" : $"{array}.GetString({i}) ?? \"\"";
            case DecimalTypeModel d:
                read = $"{array}.{DecimalGetter(d)}({i})";
                break;
            case MapTypeModel map:
                read = $"{MapView(map)}.Of({o}, {v}, {i}, {ElementReader(map.Key, depth + 1)}, {ElementReader(map.Value, depth + 1)})";
                break;
            case PrimitiveTypeModel { Kind: PrimitiveKind.Bytes }:
                read = $"{array}.GetMemory({i})";
                break;
            case FixedSizeBinaryTypeModel:
                read = $"{Messages}BinaryElements.FixedSize({v}, {i})";
                break;
            case PrimitiveTypeModel or TimestampTypeModel or DurationTypeModel:
                return $"{array}.{Getter(type)}({i})";
            case EnumTypeModel e:
                read = $"({Generated(e.Enum)}){array}.GetValue({i})";
                break;
            case ListTypeModel or FixedSizeListTypeModel:
                var item = ListItem(type);
                read = IsSpanElement(item)
                    ? $"{ListView(item)}.Of({o}, {v}, {i})"
                    : $"{ListView(item)}.Of({o}, {v}, {i}, {ElementReader(item, depth + 1)})";
                break;
            case MessageTypeModel m:
                read = $"{Messages}MessageStructs.ReadElement<{Generated(m.Message)}>({o}, {v}, {i})";
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
        return type.IsNullable ? $"{v}.IsValid({i}) ? {read} : ({ViewElement(type)})null" : read;
    }

    public static TypeModel ListItem(TypeModel type) => type switch
    {
        ListTypeModel l => l.Item,
        FixedSizeListTypeModel f => f.Item,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static string Getter(TypeModel type) => type.IsNullable ? "Get" : "GetValue";

    private static string DecimalGetter(DecimalTypeModel type) => IsClrDecimal(type) ? "GetDecimal" : "GetUnscaled";

    private static string Question(TypeModel type) => type.IsNullable ? "?" : "";

    private static string Depth(int depth) => depth.ToString(CultureInfo.InvariantCulture);
}
