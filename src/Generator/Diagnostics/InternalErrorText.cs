namespace Quiver.Generator.Diagnostics;

/// <summary>What a QVR9999 diagnostic says about an exception: its type, message and the frame that threw.</summary>
internal static class InternalErrorText
{
    public static string Describe(Exception exception)
    {
        var frame = exception.StackTrace?.Split('\n').FirstOrDefault()?.Trim();
        return frame is null or ""
            ? $"{exception.GetType().FullName}: {exception.Message}"
            : $"{exception.GetType().FullName}: {exception.Message} {frame}";
    }
}
