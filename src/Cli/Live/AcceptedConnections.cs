namespace Quiver.Cli.Live;

/// <summary>
/// Counts the connections a topic's publisher has accepted, from the kernel's table of Unix
/// sockets (/proc/net/unix): an accepted socket carries the listening socket's path, so every
/// subscriber shows up there whatever runtime (C# or Python) publishes, with no protocol message.
/// </summary>
internal static class AcceptedConnections
{
    private const string Table = "/proc/net/unix";

    // __SO_ACCEPTCON in the Flags column marks the listening socket itself.
    private const string ListeningFlags = "00010000";

    /// <summary>Connections accepted on <paramref name="socketPath"/> and still open; null where the table cannot be read.</summary>
    public static int? Count(string socketPath)
    {
        IEnumerable<string> lines;
        try
        {
            lines = File.ReadLines(Table).Skip(1).ToList();
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        var count = 0;
        foreach (var line in lines)
        {
            // Num RefCount Protocol Flags Type St Inode Path; the path is the rest of the line.
            var fields = line.Split(' ', 8, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 8 && fields[7].TrimStart() == socketPath && fields[3] != ListeningFlags)
                count++;
        }
        return count;
    }
}
