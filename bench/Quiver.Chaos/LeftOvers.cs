using System.Text.RegularExpressions;

namespace Quiver.Chaos;

/// <summary>
/// What a run could leave behind outside its runtime directory: names in /dev/shm and the
/// temporary folder, and processes. Other tests run beside it and pids are reused over a long run,
/// so only new names count that carry this run's id, or in /dev/shm one of its children's pids or
/// "quiver" (Quiver puts nothing there: its segments are memfds), or in the temporary folder the
/// diagnostics pipes of a .NET child; and a process counts only if it has this run's runtime directory.
/// </summary>
public sealed class LeftOvers
{
    private const string SharedMemory = "/dev/shm";
    private readonly HashSet<string> _names;

    private LeftOvers(HashSet<string> names) => _names = names;

    public static LeftOvers Snapshot() => new(Names().ToHashSet());

    public static IReadOnlyList<string> NewSince(LeftOvers before, string runId, IReadOnlyCollection<int> pids)
    {
        string anyPid = pids.Count == 0 ? "(?!)" : $"(?:{string.Join('|', pids)})";
        // A pid counts only as a whole number in the name: 1234 is not in sem.91234.
        var inSharedMemory = new Regex($@"{Regex.Escape(runId)}|quiver|(?<![0-9]){anyPid}(?![0-9])", RegexOptions.IgnoreCase);
        var inTemporary = new Regex($@"{Regex.Escape(runId)}|^(?:dotnet-diagnostic|clr-debug-pipe)-{anyPid}-");
        return Names()
            .Where(name => !before._names.Contains(name))
            .Where(name => (name.StartsWith(SharedMemory + "/", StringComparison.Ordinal) ? inSharedMemory : inTemporary).IsMatch(Path.GetFileName(name)))
            .ToList();
    }

    /// <summary>The pids still running with this run's runtime directory in their environment (the run reaps every child it starts).</summary>
    public static IReadOnlyList<int> StillRunning(IEnumerable<int> pids, string runtimeDirectory)
    {
        string marker = $"{Quiver.Transport.RuntimeDirectory.OverrideVariable}={runtimeDirectory}\0";
        return pids.Where(pid =>
        {
            try
            {
                return File.ReadAllText($"/proc/{pid}/environ").Contains(marker, StringComparison.Ordinal);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }).ToList();
    }

    private static IEnumerable<string> Names() =>
        new[] { SharedMemory, Path.GetTempPath() }.Where(Directory.Exists).SelectMany(folder =>
        {
            try
            {
                return Directory.GetFileSystemEntries(folder).Select(name => name.Replace("//", "/"));
            }
            catch (UnauthorizedAccessException)
            {
                return [];
            }
        });
}
