namespace Quiver.Recording;

/// <summary>A recording cannot be made or read as asked; the message names the file and what to do.</summary>
public sealed class RecordingException : Exception
{
    public RecordingException(string message) : base(message)
    {
    }

    public RecordingException(string message, Exception inner) : base(message, inner)
    {
    }
}
