using System.Text.RegularExpressions;

namespace Quiver.Cli.Sql;

/// <summary>
/// Which of the available topics a query names. Only those are loaded (a recording may hold many
/// large topics) or subscribed to. A name counts where it stands alone: not inside a longer name,
/// so topic 'camera' is not taken from 'camera/front'.
/// </summary>
internal static class TablesInQuery
{
    public static List<string> Named(string query, IEnumerable<string> topics) =>
        topics.Where(topic => Regex.IsMatch(query, $@"(?<![\w/.\-]){Regex.Escape(topic)}(?![\w/.\-])")).ToList();

    public static string List(IReadOnlyCollection<string> names) =>
        names.Count == 0 ? "none" : string.Join(", ", names.Select(name => $"'{name}'"));
}
