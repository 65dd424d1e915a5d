using Quiver.Arrow;
using Quiver.Arrow.Builders;

namespace Quiver.Messages;

/// <summary>
/// What every generated message type provides, as static members so generic code (batches,
/// transport, C Data) works on any message without reflection. <typeparamref name="TSelf"/> is the
/// generated received view. Members other than <see cref="Schema"/> and <see cref="Fingerprint"/>
/// are implemented explicitly, so they never collide with a field's property.
/// </summary>
public interface IMessage<TSelf> where TSelf : IMessage<TSelf>
{
    /// <summary>The Arrow schema of a batch of this message: one column per field, metadata <c>quiver.message</c> and <c>quiver.fingerprint</c>.</summary>
    static abstract Schema Schema { get; }

    /// <summary>The schema fingerprint (docs/schema-language.md §7): 16 lowercase hex digits.</summary>
    static abstract string Fingerprint { get; }

    /// <summary>The message's full schema name, <c>package.Name</c>.</summary>
    static abstract string MessageTypeName { get; }

    /// <summary>The view of row <paramref name="row"/> of <paramref name="columns"/>.</summary>
    static abstract TSelf CreateView(MessageColumns columns, int row);

    /// <summary>Adds what <paramref name="value"/> needs to the sizes of the nodes from <paramref name="firstNode"/> on (this message's members in depth-first order).</summary>
    static abstract void DeclareSizes(MessageSizes sizes, int firstNode, IMessageValue<TSelf> value);

    /// <summary>Appends one slot of <paramref name="value"/> to each member builder.</summary>
    static abstract void AppendMembers(IReadOnlyList<ColumnBuilder> members, IMessageValue<TSelf> value);
}

/// <summary>Marks the generated plain value record (<c>M.Value</c>) of message <typeparamref name="TMessage"/>.</summary>
public interface IMessageValue<TMessage> where TMessage : IMessage<TMessage>;
