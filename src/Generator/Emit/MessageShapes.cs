using Quiver.Generator.Model;

namespace Quiver.Generator.Emit;

/// <summary>
/// Facts about types that depend on the messages they contain: how many Arrow nodes a type has
/// (depth-first, as <c>RecordBatchSizes</c> numbers them) and whether writing it needs declared sizes.
/// </summary>
internal sealed class MessageShapes(IEnumerable<MessageModel> messages)
{
    private readonly Dictionary<QualifiedName, MessageModel> _messages = messages.ToDictionary(m => m.Name);

    public int NodeCount(TypeModel type) => type switch
    {
        ListTypeModel l => 1 + NodeCount(l.Item),
        FixedSizeListTypeModel f => 1 + NodeCount(f.Item),
        MessageTypeModel m => 1 + Message(m.Message).Fields.Sum(field => NodeCount(field.Type)),
        MapTypeModel map => 2 + NodeCount(map.Key) + NodeCount(map.Value),
        _ => 1,
    };

    /// <summary>Whether the type holds strings, binaries, lists, maps or dictionaries, whose sizes a layout must be told.</summary>
    public bool NeedsSizes(TypeModel type) => type switch
    {
        PrimitiveTypeModel { Kind: PrimitiveKind.String or PrimitiveKind.Bytes } or ListTypeModel or MapTypeModel or DictionaryTypeModel => true,
        FixedSizeListTypeModel f => NeedsSizes(f.Item),
        MessageTypeModel m => Message(m.Message).Fields.Any(field => NeedsSizes(field.Type)),
        _ => false,
    };

    private MessageModel Message(QualifiedName name) =>
        _messages.TryGetValue(name, out var message)
            ? message
            : throw new InvalidOperationException($"Message {name} is not among the contained messages.");
}
