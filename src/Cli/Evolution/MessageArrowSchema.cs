using Quiver.Arrow;
using Quiver.Arrow.Types;
using Quiver.Generator.Emit;
using Quiver.Generator.Model;
using ArrowTimeUnit = Quiver.Arrow.Types.TimeUnit;
using SchemaTimeUnit = Quiver.Generator.Model.TimeUnit;

namespace Quiver.Cli.Evolution;

/// <summary>
/// The Arrow schema of a message compiled from .quiver files, built at run time: the schema the
/// generated type's <c>Schema</c> holds (ArrowSchemaEmitter writes the same one as C# source), so
/// a tool without the generated types can compare a live topic with a version of its schema.
/// <c>MessageArrowSchemaTests</c> checks every message of the repository's schemas against its
/// generated type's.
/// </summary>
internal static class MessageArrowSchema
{
    public static Schema Of(SchemaModel model, MessageModel message) => new(
        message.Fields.Select(field => Field(model, field.Name, field.Type)),
        KeyValueMetadata.From((ArrowSchemaEmitter.MessageKey, message.Name.ToString()), (ArrowSchemaEmitter.FingerprintKey, message.Fingerprint)));

    private static Field Field(SchemaModel model, string name, TypeModel type) =>
        type is EnumTypeModel e
            ? new Field(name, Type(model, type), type.IsNullable, KeyValueMetadata.From((ArrowSchemaEmitter.EnumKey, e.Enum.ToString())))
            : new Field(name, Type(model, type), type.IsNullable);

    private static ArrowType Type(SchemaModel model, TypeModel type) => type switch
    {
        PrimitiveTypeModel p => Primitive(p.Kind),
        EnumTypeModel e => Primitive(e.BaseType),
        FixedSizeBinaryTypeModel f => new FixedSizeBinaryType(f.ByteWidth),
        ListTypeModel l => new ListType(Field(model, "item", l.Item)),
        FixedSizeListTypeModel f => new FixedSizeListType(Field(model, "item", f.Item), f.Size),
        TimestampTypeModel t => new TimestampType(Unit(t.Unit), t.TimeZone),
        DurationTypeModel d => new DurationType(Unit(d.Unit)),
        MessageTypeModel m => new StructType(Of(model, model.FindMessage(m.Message)
            ?? throw new InvalidOperationException($"The compiled schemas have no message {m.Message}.")).Fields),
        DecimalTypeModel d => new DecimalType(d.Precision, d.Scale, d.BitWidth),
        MapTypeModel map => new MapType(new Field("entries", new StructType([Field(model, "key", map.Key), Field(model, "value", map.Value)]), false)),
        DictionaryTypeModel => new DictionaryType(IntType.Int32, Utf8Type.Default),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static ArrowType Primitive(PrimitiveKind kind) => kind switch
    {
        PrimitiveKind.Bool => BooleanType.Default,
        PrimitiveKind.Int8 => IntType.Int8,
        PrimitiveKind.Int16 => IntType.Int16,
        PrimitiveKind.Int32 => IntType.Int32,
        PrimitiveKind.Int64 => IntType.Int64,
        PrimitiveKind.UInt8 => IntType.UInt8,
        PrimitiveKind.UInt16 => IntType.UInt16,
        PrimitiveKind.UInt32 => IntType.UInt32,
        PrimitiveKind.UInt64 => IntType.UInt64,
        PrimitiveKind.Float16 => FloatingPointType.Float16,
        PrimitiveKind.Float32 => FloatingPointType.Float32,
        PrimitiveKind.Float64 => FloatingPointType.Float64,
        PrimitiveKind.String => Utf8Type.Default,
        PrimitiveKind.Bytes => BinaryType.Default,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    private static ArrowTimeUnit Unit(SchemaTimeUnit unit) => unit switch
    {
        SchemaTimeUnit.Second => ArrowTimeUnit.Second,
        SchemaTimeUnit.Millisecond => ArrowTimeUnit.Millisecond,
        SchemaTimeUnit.Microsecond => ArrowTimeUnit.Microsecond,
        _ => ArrowTimeUnit.Nanosecond,
    };
}
