using Quiver.Arrow;
using Quiver.Arrow.Ipc;

namespace Quiver.Messages;

/// <summary>
/// Judges whether a subscriber can read a publisher's messages when their schemas differ, by
/// comparing the two Arrow schemas field by name (docs/schema-language.md, "Schema evolution"):
/// nullable fields may be added or removed and fields reordered, at any depth; a type,
/// nullability, or non-nullable field that differs is refused. The rules are symmetric: two
/// schemas are compatible whichever of them the publisher has.
/// </summary>
public static class SchemaEvolution
{
    /// <summary>Compares the schema the samples are written in with the schema the subscriber reads.</summary>
    public static SchemaComparison Compare(Schema publisher, Schema subscriber)
    {
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(subscriber);
        if (publisher.Fields.SequenceEqual(subscriber.Fields))
            return SchemaComparison.Identical(publisher, subscriber);
        var comparer = new SchemaComparer();
        if (comparer.Message(publisher.Fields, subscriber.Fields, out var root) is { } reason)
            return SchemaComparison.Refused(publisher, subscriber, reason);
        return SchemaComparison.Compatible(publisher, subscriber, comparer.Differences, new ColumnMap(publisher, root, comparer.Nested));
    }

    /// <summary>
    /// Compares two encapsulated IPC schema messages, as the handshake carries them. One that
    /// cannot be read is a refusal saying whose it is, never an exception.
    /// </summary>
    public static SchemaComparison Compare(ReadOnlyMemory<byte> publisherSchemaMessage, ReadOnlyMemory<byte> subscriberSchemaMessage)
    {
        var publisher = Read(publisherSchemaMessage, "publisher", out var publisherError);
        var subscriber = Read(subscriberSchemaMessage, "subscriber", out var subscriberError);
        if ((publisherError ?? subscriberError) is { } error)
            return SchemaComparison.Refused(publisher ?? Empty, subscriber ?? Empty, error);
        return Compare(publisher!, subscriber!);
    }

    private static readonly Schema Empty = new([]);

    private static Schema? Read(ReadOnlyMemory<byte> message, string whose, out string? error)
    {
        error = null;
        if (message.IsEmpty)
        {
            error = $"the {whose}'s hello carries no schema to compare";
            return null;
        }
        try
        {
            return IpcMessageReader.ReadSchema(message);
        }
        catch (ArrowFormatException e)
        {
            error = $"the {whose}'s schema cannot be read ({e.Message})";
            return null;
        }
    }
}
