namespace Quiver.Transport;

public enum TransportLogLevel
{
    Information,
    Warning,
    Error,
}

/// <summary>Receives the transport's diagnostics: disconnected peers and why, samples held too long.</summary>
public delegate void TransportLog(TransportLogLevel level, string message);

internal static class TransportLogDefaults
{
    /// <summary>Without a configured log, warnings and errors go to standard error so they are never silent.</summary>
    public static TransportLog Resolve(TransportLog? log) => log ?? ((level, message) =>
    {
        if (level >= TransportLogLevel.Warning)
            Console.Error.WriteLine($"quiver {level.ToString().ToLowerInvariant()}: {message}");
    });
}
