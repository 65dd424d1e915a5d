using Quiver.Arrow;
using Quiver.Arrow.Types;

namespace Quiver.Messages;

/// <summary>
/// How one connection's subscriber reads a compatible publisher's batches: the batches are read
/// in <see cref="Publisher"/>'s schema, and <see cref="MessageColumns"/> finds each of the
/// subscriber's columns through <see cref="Root"/> (the message's own columns) and
/// <see cref="Nested"/> (nested messages, found by the publisher's struct type of the array read).
/// A null map is a struct whose columns are where the subscriber expects them.
/// </summary>
internal sealed class ColumnMap(Schema publisher, StructMap? root, Dictionary<ArrowType, StructMap> nested)
{
    public Schema Publisher { get; } = publisher;

    public StructMap? Root { get; } = root;

    /// <summary>
    /// The map of a nested struct array read in <see cref="Publisher"/>'s schema. Arrays carry the
    /// very type objects of the schema they were read with, and every struct of a decoded schema
    /// is an object of its own, so the object identifies the place in the schema.
    /// </summary>
    public StructMap? Nested(ArrowType publisherStruct) => nested.GetValueOrDefault(publisherStruct);
}
