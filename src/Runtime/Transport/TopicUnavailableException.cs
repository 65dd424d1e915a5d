namespace Quiver.Transport;

/// <summary>
/// A topic cannot be joined or published as asked: no publisher is running, another live
/// publisher owns it, or the publisher refused the handshake (the message says why, e.g. which
/// message types differ).
/// </summary>
public sealed class TopicUnavailableException : IOException
{
    public TopicUnavailableException(string message) : base(message) { }

    public TopicUnavailableException(string message, Exception inner) : base(message, inner) { }
}
