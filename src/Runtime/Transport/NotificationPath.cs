namespace Quiver.Transport;

/// <summary>How a publisher tells a subscriber about a new sample and gets its drop tokens back (docs/transport.md).</summary>
public enum NotificationPath
{
    /// <summary>
    /// A shared-memory ring per subscriber with futex wake-ups, when both sides support it (C# ↔ C#);
    /// otherwise the socket. The default.
    /// </summary>
    SharedMemoryRing,

    /// <summary>Sample and drop-token frames on the topic socket, always.</summary>
    Socket,
}

/// <summary>The default notification path: the ring, unless the environment variable QUIVER_NOTIFICATION is "socket".</summary>
internal static class NotificationDefaults
{
    public const string EnvironmentVariable = "QUIVER_NOTIFICATION";

    public static NotificationPath Resolve() =>
        string.Equals(Environment.GetEnvironmentVariable(EnvironmentVariable), "socket", StringComparison.OrdinalIgnoreCase)
            ? NotificationPath.Socket
            : NotificationPath.SharedMemoryRing;
}
