using Quiver.Transport;

namespace Quiver.Cli.Output;

/// <summary>Numbers and names as the commands print them.</summary>
internal static class Units
{
    /// <summary>Bytes in B, kB, MB or GB (powers of 1000, as rates are usually quoted).</summary>
    public static string Bytes(double bytes) => bytes switch
    {
        >= 1e9 => $"{bytes / 1e9:0.##} GB",
        >= 1e6 => $"{bytes / 1e6:0.##} MB",
        >= 1e3 => $"{bytes / 1e3:0.##} kB",
        _ => $"{bytes:0} B",
    };

    public static string Notification(NotificationPath? path) => path switch
    {
        NotificationPath.SharedMemoryRing => "shared-memory ring",
        NotificationPath.Socket => "socket",
        _ => "unknown",
    };
}
