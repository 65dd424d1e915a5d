using Quiver.Arrow;

namespace Quiver.Transport;

/// <summary>
/// A peer broke the transport protocol (docs/protocol.md): a malformed or oversized frame, an
/// unknown segment, a sample outside its segment, a drop token for a sample it never received.
/// The connection to that peer is closed and the reason logged; nothing else is affected.
/// Derives from <see cref="ArrowFormatException"/>, the one type to catch for bad input.
/// </summary>
public sealed class ProtocolException : ArrowFormatException
{
    public ProtocolException(string message) : base(message) { }
}
