namespace Quiver.Cli;

/// <summary>The schema files named on the command line: files as given, folders searched recursively for <c>*.quiver</c>; full paths, sorted, each once.</summary>
internal static class SchemaFiles
{
    public static bool Find(IEnumerable<string> inputs, out List<string> paths, out string? problem)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        problem = null;
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                foreach (var file in Directory.EnumerateFiles(input, "*.quiver", SearchOption.AllDirectories))
                    found.Add(Path.GetFullPath(file));
            }
            else if (File.Exists(input))
            {
                found.Add(Path.GetFullPath(input));
            }
            else
            {
                problem ??= $"'{input}' is neither a file nor a folder";
            }
        }
        if (problem is null && found.Count == 0)
            problem = "no .quiver files found in " + string.Join(", ", inputs);
        paths = found.ToList();
        return problem is null;
    }
}
