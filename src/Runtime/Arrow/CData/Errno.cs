namespace Quiver.Arrow.CData;

/// <summary>
/// The error codes the C Stream Interface recommends. Their numbers are the same on Linux,
/// macOS and the Windows C runtime.
/// </summary>
internal static class Errno
{
    public const int EIO = 5;
    public const int ENOMEM = 12;
    public const int EINVAL = 22;

    public static int For(Exception error) => error switch
    {
        OutOfMemoryException => ENOMEM,
        ArrowFormatException or ArgumentException or InvalidOperationException => EINVAL,
        _ => EIO,
    };
}
