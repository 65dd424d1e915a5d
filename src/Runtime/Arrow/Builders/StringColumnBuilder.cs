using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace Quiver.Arrow.Builders;

/// <summary>
/// UTF-8 strings. Text is encoded straight into the target, without an intermediate array. Lone
/// surrogates become U+FFFD, as <see cref="Encoding.UTF8"/> does, so
/// <c>Encoding.UTF8.GetByteCount</c> gives the bytes to declare. Bytes given as they are
/// (<c>Append(ReadOnlySpan&lt;byte&gt;)</c>, <c>AppendInPlace</c>) must already be valid UTF-8.
/// </summary>
public sealed class StringColumnBuilder : BinaryColumnBuilder
{
    internal StringColumnBuilder(PlannedNode node, BodyRegions body) : base(node, body) { }

    /// <summary>Appends the text, or a null slot for a null string.</summary>
    public void Append(string? value)
    {
        if (value is null)
            AppendNull();
        else
            Append(value.AsSpan());
    }

    public void Append(ReadOnlySpan<char> value)
    {
        RequireRoom(1);
        var status = Utf8.FromUtf16(value, RemainingBytes, out _, out var written, replaceInvalidSequences: true);
        if (status != OperationStatus.Done)
            throw TooFewBytesLeft(Encoding.UTF8.GetByteCount(value));
        CommitBytes(BeginSlot(valid: true), written);
    }
}
