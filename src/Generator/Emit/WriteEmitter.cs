using System.Globalization;
using Quiver.Generator.Model;
using static Quiver.Generator.Emit.CSharpTypeNames;

namespace Quiver.Generator.Emit;

/// <summary>
/// Writes the send side: how a <c>Value</c> declares its sizes and appends itself through the
/// runtime's builders (the explicit <c>IMessage</c> members), and the typed <c>Writer</c> whose
/// column builders fill a target region in place.
/// </summary>
internal static class WriteEmitter
{
    private static readonly HashSet<string> WriterMembers = new(StringComparer.Ordinal) { "Append", "Finish", "FinishBatch", "Columns", "Reset" };

    public static void WriteDeclareSizes(SourceWriter writer, MessageModel message, MessageShapes shapes)
    {
        var self = Generated(message.Name);
        var fields = message.Fields.Where(f => shapes.NeedsSizes(f.Type)).ToList();
        var header = $"static void {Messages}IMessage<{self}>.DeclareSizes({Messages}MessageSizes sizes, int firstNode, {Messages}IMessageValue<{self}> value)";
        if (fields.Count == 0)
        {
            writer.WriteLine(header + " { }");
            return;
        }
        using (writer.OpenBlock(header))
        {
            writer.WriteLine("var v = (Value)value;");
            var node = 0;
            foreach (var field in message.Fields)
            {
                if (shapes.NeedsSizes(field.Type))
                    DeclareSizes(writer, shapes, field.Type, "v." + field.CSharpName, node, Number(node) + "_");
                node += shapes.NodeCount(field.Type);
            }
        }
    }

    private static void DeclareSizes(SourceWriter writer, MessageShapes shapes, TypeModel type, string value, int node, string depth)
    {
        if (type.IsNullable)
        {
            var x = "x" + depth;
            using (writer.OpenBlock($"if ({value} is {{ }} {x})"))
                DeclareSizes(writer, shapes, NotNull(type), x, node, depth + "n");
            return;
        }
        var nodeExpr = "firstNode + " + Number(node);
        switch (type)
        {
            case PrimitiveTypeModel { Kind: PrimitiveKind.String }:
                writer.WriteLine($"sizes.AddValueBytes({nodeExpr}, global::System.Text.Encoding.UTF8.GetByteCount({value}));");
                break;
            case PrimitiveTypeModel { Kind: PrimitiveKind.Bytes }:
                writer.WriteLine($"sizes.AddValueBytes({nodeExpr}, {value}.Length);");
                break;
            case ListTypeModel or FixedSizeListTypeModel:
                if (type is ListTypeModel)
                    writer.WriteLine($"sizes.AddListElements({nodeExpr}, {value}.Length);");
                var item = ViewEmitter.ListItem(type);
                if (shapes.NeedsSizes(item))
                {
                    var e = "e" + depth;
                    using (writer.OpenBlock($"foreach (var {e} in {value})"))
                        DeclareSizes(writer, shapes, item, e, node + 1, depth + "i");
                }
                break;
            case MessageTypeModel m:
                writer.WriteLine($"{Messages}MessageStructs.DeclareSizes<{Generated(m.Message)}>(sizes, {nodeExpr}, {value});");
                break;
            case DictionaryTypeModel:
                writer.WriteLine($"sizes.AddDictionaryValue({nodeExpr}, {value});");
                break;
            case MapTypeModel map:
                writer.WriteLine($"sizes.AddListElements({nodeExpr}, {value}.Count);");
                // The map's node, then its entries struct, then the key's nodes, then the value's.
                var keyNode = node + 2;
                var valueNode = keyNode + shapes.NodeCount(map.Key);
                if (shapes.NeedsSizes(map.Key) || shapes.NeedsSizes(map.Value))
                {
                    var entry = "kv" + depth;
                    using (writer.OpenBlock($"foreach (var {entry} in {value})"))
                    {
                        if (shapes.NeedsSizes(map.Key))
                            DeclareSizes(writer, shapes, map.Key, entry + ".Key", keyNode, depth + "k");
                        if (shapes.NeedsSizes(map.Value))
                            DeclareSizes(writer, shapes, map.Value, entry + ".Value", valueNode, depth + "v");
                    }
                }
                break;
        }
    }

    public static void WriteAppendMembers(SourceWriter writer, MessageModel message)
    {
        var self = Generated(message.Name);
        var header = $"static void {Messages}IMessage<{self}>.AppendMembers(global::System.Collections.Generic.IReadOnlyList<{Builders}ColumnBuilder> members, {Messages}IMessageValue<{self}> value)";
        if (message.Fields.Count == 0)
        {
            writer.WriteLine(header + " { }");
            return;
        }
        using (writer.OpenBlock(header))
        {
            writer.WriteLine("var v = (Value)value;");
            for (var column = 0; column < message.Fields.Count; column++)
            {
                var field = message.Fields[column];
                Append(writer, field.Type, $"members[{Number(column)}]", "v." + field.CSharpName, field.Name, Number(column) + "_");
            }
        }
    }

    private static void Append(SourceWriter writer, TypeModel type, string builder, string value, string path, string depth)
    {
        if (type is MessageTypeModel m)
        {
            writer.WriteLine($"{Messages}MessageStructs.Append<{Generated(m.Message)}>({builder}, {value});");
            return;
        }
        if (type.IsNullable)
        {
            var x = "x" + depth;
            using (writer.OpenBlock($"if ({value} is {{ }} {x})"))
                Append(writer, NotNull(type), builder, x, path, depth + "n");
            using (writer.OpenBlock("else"))
                writer.WriteLine($"{builder}.AppendNull();");
            return;
        }
        var typed = $"{builder}.As<{BuilderClass(type)}>()";
        switch (type)
        {
            case PrimitiveTypeModel { Kind: PrimitiveKind.Bytes } or FixedSizeBinaryTypeModel:
                writer.WriteLine($"{typed}.Append({value}.Span);");
                break;
            case EnumTypeModel e:
                writer.WriteLine($"{typed}.Append(({Scalar(e.BaseType)}){value});");
                break;
            case DecimalTypeModel d:
                writer.WriteLine(IsClrDecimal(d) ? $"{typed}.Append({value});" : $"{typed}.AppendUnscaled({value});");
                break;
            case DictionaryTypeModel:
                writer.WriteLine($"{typed}.Append({value});");
                break;
            case MapTypeModel map:
                AppendMap(writer, map, typed, value, path, depth);
                break;
            case PrimitiveTypeModel or TimestampTypeModel or DurationTypeModel:
                writer.WriteLine($"{typed}.Append({value});");
                break;
            case ListTypeModel or FixedSizeListTypeModel:
                AppendList(writer, type, typed, value, path, depth);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, null);
        }
    }

    private static void AppendList(SourceWriter writer, TypeModel type, string typed, string value, string path, string depth)
    {
        var list = "l" + depth;
        var item = ViewEmitter.ListItem(type);
        writer.WriteLine($"var {list} = {typed};");
        if (type is FixedSizeListTypeModel f)
        {
            writer.WriteLine($"if ({value}.Length != {Number(f.Size)})");
            writer.WriteLine($"    throw new global::System.ArgumentException($\"Field '{path}' holds {Number(f.Size)} elements; the value has {{{value}.Length}}.\");");
            writer.WriteLine($"{list}.Append();");
        }
        else
        {
            writer.WriteLine($"{list}.Append({value}.Length);");
        }
        if (IsSpanElement(item))
        {
            var span = item is EnumTypeModel e
                ? $"global::System.Runtime.InteropServices.MemoryMarshal.Cast<{Generated(e.Enum)}, {Scalar(e.BaseType)}>({value})"
                : $"new global::System.ReadOnlySpan<{Scalar(SpanScalar(item))}>({value})";
            writer.WriteLine($"{list}.Values.As<{Builders}PrimitiveColumnBuilder<{Scalar(SpanScalar(item))}>>().Append({span});");
            return;
        }
        var element = "e" + depth;
        using (writer.OpenBlock($"foreach (var {element} in {value})"))
            Append(writer, item, list + ".Values", element, path + ".item", depth + "i");
    }

    private static void AppendMap(SourceWriter writer, MapTypeModel map, string typed, string value, string path, string depth)
    {
        var (list, entries, entry) = ("m" + depth, "n" + depth, "kv" + depth);
        writer.WriteLine($"var {list} = {typed};");
        writer.WriteLine($"{list}.Append({value}.Count);");
        writer.WriteLine($"var {entries} = {list}.Values.As<{Builders}StructColumnBuilder>();");
        using (writer.OpenBlock($"foreach (var {entry} in {value})"))
        {
            writer.WriteLine($"{entries}.Append();");
            Append(writer, map.Key, $"{entries}.Members[0]", entry + ".Key", path + ".entries.key", depth + "k");
            Append(writer, map.Value, $"{entries}.Members[1]", entry + ".Value", path + ".entries.value", depth + "v");
        }
    }

    public static void WriteWriterClass(SourceWriter writer, MessageModel message)
    {
        var self = Generated(message.Name);
        writer.WriteLine($$"""
            /// <summary>
            /// Writes a batch of <see cref="{{message.CSharpName}}"/> straight into a target region (a loaned
            /// sample, native memory, an array): one typed column builder per field, whose
            /// <c>AppendInPlace</c> methods hand out the payload's bytes in the target for zero-copy
            /// filling. Plan the layout with <c>new RecordBatchSizes({{message.CSharpName}}.Schema, rows)</c>.
            /// </summary>
            """);
        using (writer.OpenBlock("public sealed partial class Writer"))
        {
            writer.WriteLine($$"""
                private readonly {{Builders}}RecordBatchWriter _writer;

                /// <summary>A writer over <paramref name="target"/> (at least <c>layout.BodyLength</c> bytes) for a layout planned from <see cref="Schema"/>.</summary>
                public Writer({{Builders}}RecordBatchLayout layout, global::System.Memory<byte> target)
                {
                    if (!layout.Schema.Equals(Schema))
                        throw new global::System.ArgumentException("The layout was not planned from {{message.Name}}'s schema.", nameof(layout));
                    _writer = new {{Builders}}RecordBatchWriter(layout, target);
                }

                /// <summary>
                /// Re-targets this writer to the next message: a layout planned from <see cref="Schema"/> (any
                /// rows and sizes) over <paramref name="target"/>. What was appended is forgotten, the column
                /// builders are the same objects and nothing is allocated; the previous message's
                /// <see cref="{{Builders}}FinishedRecordBatch"/> becomes stale (see <see cref="{{Builders}}RecordBatchWriter.Reset"/>).
                /// </summary>
                public void Reset({{Builders}}RecordBatchLayout layout, global::System.Memory<byte> target) => _writer.Reset(layout, target);
                """);
            for (var column = 0; column < message.Fields.Count; column++)
            {
                var field = message.Fields[column];
                var name = WriterMembers.Contains(field.CSharpName) || field.CSharpName == "Writer" ? field.CSharpName + "_" : field.CSharpName;
                writer.WriteLine();
                writer.WriteLine($"/// <summary>The builder of column <c>{field.Name}</c>.</summary>");
                writer.WriteLine($"public {BuilderClass(field.Type)} {name} => _writer.Column<{BuilderClass(field.Type)}>({Number(column)});");
            }
            writer.WriteLine($$"""

                /// <summary>Every column's builder, in field order.</summary>
                public global::System.Collections.Generic.IReadOnlyList<{{Builders}}ColumnBuilder> Columns => _writer.Columns;

                /// <summary>Appends one row from a plain value (its sizes must be part of the plan).</summary>
                public void Append(Value row) => {{Messages}}MessageStructs.AppendRow<{{self}}>(_writer.Columns, row);

                /// <summary>Checks every column got its planned slots and returns views over the target.</summary>
                public {{Builders}}FinishedRecordBatch Finish() => _writer.Finish();

                /// <summary><see cref="Finish"/>, as a typed batch.</summary>
                public {{Messages}}MessageBatch<{{self}}> FinishBatch() => new {{Messages}}MessageBatch<{{self}}>(_writer.Finish().Batch);
                """);
        }
    }

    private static PrimitiveKind SpanScalar(TypeModel type) => type switch
    {
        PrimitiveTypeModel p => p.Kind,
        EnumTypeModel e => e.BaseType,
        _ => PrimitiveKind.Int64,
    };

    private static TypeModel NotNull(TypeModel type) => type switch
    {
        PrimitiveTypeModel p => p with { IsNullable = false },
        FixedSizeBinaryTypeModel f => f with { IsNullable = false },
        ListTypeModel l => l with { IsNullable = false },
        FixedSizeListTypeModel f => f with { IsNullable = false },
        TimestampTypeModel t => t with { IsNullable = false },
        DurationTypeModel d => d with { IsNullable = false },
        EnumTypeModel e => e with { IsNullable = false },
        MessageTypeModel m => m with { IsNullable = false },
        DecimalTypeModel d => d with { IsNullable = false },
        MapTypeModel map => map with { IsNullable = false },
        DictionaryTypeModel d => d with { IsNullable = false },
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
