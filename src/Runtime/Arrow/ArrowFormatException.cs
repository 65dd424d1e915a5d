namespace Quiver.Arrow;

/// <summary>
/// The one exception Quiver throws for Arrow input that it cannot accept: malformed IPC bytes,
/// buffers that lie about their sizes, foreign C Data structs that break the specification.
/// Every reader validates before it builds a view, so catching this type is enough to survive
/// any input from a peer or a file.
/// </summary>
public class ArrowFormatException : Exception
{
    public ArrowFormatException(string message) : base(message) { }

    public ArrowFormatException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Well-formed Arrow input that uses a type or feature Quiver does not implement
/// (union, decimal32/64, nested dictionaries, views, interval, compression...). The message names it.
/// Derives from <see cref="ArrowFormatException"/> so a reader of untrusted input has one type to catch.
/// </summary>
public sealed class ArrowNotSupportedException : ArrowFormatException
{
    public ArrowNotSupportedException(string message) : base(message) { }
}
