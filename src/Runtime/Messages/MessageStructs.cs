using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;

namespace Quiver.Messages;

/// <summary>
/// Writes nested messages for generated code: the message members of <see cref="IMessage{TSelf}"/>
/// are implemented explicitly, so they are reached through a type parameter.
/// </summary>
public static class MessageStructs
{
    /// <summary>Declares the sizes of a nested message whose struct node is <paramref name="structNode"/>.</summary>
    public static void DeclareSizes<T>(MessageSizes sizes, int structNode, IMessageValue<T> value) where T : IMessage<T> =>
        T.DeclareSizes(sizes, structNode + 1, value);

    /// <summary>Appends one row of <paramref name="value"/> to the columns of a batch being written.</summary>
    public static void AppendRow<T>(IReadOnlyList<ColumnBuilder> columns, IMessageValue<T> value) where T : IMessage<T> =>
        T.AppendMembers(columns, value ?? throw new ArgumentNullException(nameof(value)));

    /// <summary>Appends one struct slot: <paramref name="value"/>, or null when it is null.</summary>
    public static void Append<T>(ColumnBuilder builder, IMessageValue<T>? value) where T : IMessage<T>
    {
        var structBuilder = builder.As<StructColumnBuilder>();
        if (value is null)
        {
            structBuilder.AppendNull();
            return;
        }
        structBuilder.Append();
        T.AppendMembers(structBuilder.Members, value);
    }

    /// <summary>The view of a nested message in slot <paramref name="row"/> of struct array <paramref name="column"/> of <paramref name="owner"/>, read by a view of <paramref name="generation"/>.</summary>
    public static T Read<T>(MessageColumns owner, long generation, int column, int row) where T : IMessage<T> =>
        T.CreateView(owner.Struct(owner.Get<StructArray>(column, generation)), row);

    /// <summary>The view of element <paramref name="index"/> of <paramref name="values"/>, the struct values of a list.</summary>
    public static T ReadElement<T>(MessageColumns owner, ArrowArray values, int index) where T : IMessage<T> =>
        T.CreateView(owner.Struct(values), index);
}
