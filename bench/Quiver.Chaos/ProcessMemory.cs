namespace Quiver.Chaos;

/// <summary>
/// A process's memory as /proc shows it from outside: resident set (total, anonymous, shared) and
/// how many of its mappings are Quiver memfds (a publisher's segments and notification channels,
/// named "quiver…" by both runtimes), so a dead publisher's segments still mapped would show.
/// </summary>
public readonly record struct ProcessMemory(long Total, long Anonymous, long Shared, int QuiverMappings)
{
    /// <summary>Null if the process has gone (or was never there).</summary>
    public static ProcessMemory? Of(int pid)
    {
        try
        {
            long? total = null, anonymous = null, shared = null;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                switch (parts)
                {
                    case ["VmRSS:", var value, "kB"]: total = long.Parse(value) << 10; break;
                    case ["RssAnon:", var value, "kB"]: anonymous = long.Parse(value) << 10; break;
                    case ["RssShmem:", var value, "kB"]: shared = long.Parse(value) << 10; break;
                }
            }
            int mappings = File.ReadLines($"/proc/{pid}/maps").Count(line => line.Contains("/memfd:quiver", StringComparison.Ordinal));
            // A zombie has no memory lines; it must not read as a perfectly flat process.
            if (total is not { } t || anonymous is not { } a || shared is not { } s)
                return null;
            return new ProcessMemory(t, a, s, mappings);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public override string ToString() => $"{Total >> 20} MiB (anonymous {Anonymous >> 20}, shared {Shared >> 20}), {QuiverMappings} Quiver mappings";
}
