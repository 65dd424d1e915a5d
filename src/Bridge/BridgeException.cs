namespace Quiver.Bridge;

/// <summary>A bridge cannot start or carry on as configured; the message says what to change.</summary>
public sealed class BridgeException : Exception
{
    public BridgeException(string message) : base(message) { }

    public BridgeException(string message, Exception inner) : base(message, inner) { }
}
