namespace Quiver.Runtime.Tests.Transport;

/// <summary>A process's thread count and resident memory, from /proc/&lt;pid&gt;/status.</summary>
internal readonly record struct ProcessStatus(int Threads, long ResidentBytes)
{
    public static ProcessStatus Of(int processId)
    {
        int threads = -1;
        long resident = -1;
        foreach (var line in File.ReadAllLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal))
                threads = int.Parse(line["Threads:".Length..].Trim());
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                resident = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
        }
        Assert.True(threads > 0 && resident > 0, $"/proc/{processId}/status lacks Threads or VmRSS");
        return new ProcessStatus(threads, resident);
    }

    public static ProcessStatus Max(ProcessStatus a, ProcessStatus b) =>
        new(Math.Max(a.Threads, b.Threads), Math.Max(a.ResidentBytes, b.ResidentBytes));
}
