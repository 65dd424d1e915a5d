using System.Text.RegularExpressions;

namespace Quiver.Chaos;

/// <summary>
/// Names in /dev/shm and the temporary folder, before and after a run. Other tests may run beside
/// it, so only new names that carry this run's id or one of its children's pids count (and, in
/// /dev/shm, any new name of Quiver's own: Quiver puts nothing there, its segments are memfds).
/// </summary>
public sealed class LeftOvers
{
    private const string SharedMemory = "/dev/shm";
    private readonly HashSet<string> _names;

    private LeftOvers(HashSet<string> names) => _names = names;

    public static LeftOvers Snapshot() => new(Names().ToHashSet());

    public static IReadOnlyList<string> NewSince(LeftOvers before, string runId, IReadOnlyCollection<int> pids)
    {
        // A pid counts only as a whole number in the name: 1234 is not in qv-91234-1.
        var ours = new Regex(pids.Count == 0 ? Regex.Escape(runId) : $@"{Regex.Escape(runId)}|(?<![0-9])(?:{string.Join('|', pids)})(?![0-9])");
        return Names()
            .Where(name => !before._names.Contains(name))
            .Where(name => ours.IsMatch(Path.GetFileName(name))
                           || (name.StartsWith(SharedMemory + "/", StringComparison.Ordinal) && name.Contains("quiver", StringComparison.OrdinalIgnoreCase)))
            .ToList();
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
