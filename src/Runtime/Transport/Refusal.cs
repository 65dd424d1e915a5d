using System.Buffers.Binary;
using System.Text;

namespace Quiver.Transport;

/// <summary>The publisher's "no" to a handshake: u16 length + UTF-8 reason; the connection closes after it.</summary>
internal static class Refusal
{
    public static byte[] ToFrame(string reason)
    {
        byte[] text = Encoding.UTF8.GetBytes(reason);
        if (text.Length > FrameHeader.MaxRefusalBody - 2)
            text = text.AsSpan(0, FrameHeader.MaxRefusalBody - 2).ToArray();
        var frame = new byte[FrameHeader.Size + 2 + text.Length];
        new FrameHeader(FrameType.Refusal, 2 + text.Length).Write(frame);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(FrameHeader.Size), (ushort)text.Length);
        text.CopyTo(frame.AsSpan(FrameHeader.Size + 2));
        return frame;
    }

    /// <summary>The reason text; invalid UTF-8 is replaced, not rejected, because it is only shown to a person.</summary>
    public static string Parse(ReadOnlySpan<byte> body)
    {
        var reader = new BodyReader(body, "Refusal");
        string reason = Encoding.UTF8.GetString(reader.Bytes(reader.UInt16()));
        reader.ExpectEnd();
        return reason;
    }
}
