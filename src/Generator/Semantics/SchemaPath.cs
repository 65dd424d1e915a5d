namespace Quiver.Generator.Semantics;

/// <summary>
/// Path arithmetic for imports, on strings only (a source generator may not touch the file
/// system). Paths compare ordinally after normalization: '/' separators, no '.' or '..' segments.
/// </summary>
internal static class SchemaPath
{
    public static string Normalize(string path)
    {
        var text = path.Replace('\\', '/');
        var drive = text.Length >= 2 && text[1] == ':' ? text.Substring(0, 2) : "";
        text = text.Substring(drive.Length);
        var rooted = text.StartsWith("/", StringComparison.Ordinal);
        var segments = new List<string>();
        foreach (var segment in text.Split('/'))
        {
            if (segment is "" or ".")
                continue;
            if (segment == ".." && segments.Count > 0 && segments[segments.Count - 1] != "..")
                segments.RemoveAt(segments.Count - 1);
            else if (segment != ".." || !rooted)
                segments.Add(segment);
        }
        return drive + (rooted ? "/" : "") + string.Join("/", segments);
    }

    /// <summary>The normalized path that <c>import "<paramref name="import"/>";</c> in <paramref name="importer"/> names.</summary>
    public static string ResolveImport(string importer, string import)
    {
        var target = import.Replace('\\', '/');
        if (target.StartsWith("/", StringComparison.Ordinal) || (target.Length >= 2 && target[1] == ':'))
            return Normalize(target);
        var directory = DirectoryOf(Normalize(importer));
        return Normalize(directory.Length == 0 ? target : directory + "/" + target);
    }

    /// <summary>The import string that leads from <paramref name="fromFile"/> to <paramref name="toFile"/> (both normalized).</summary>
    public static string Relative(string fromFile, string toFile)
    {
        var from = SplitDirectory(fromFile);
        var to = toFile.Split('/');
        var common = 0;
        while (common < from.Length && common < to.Length - 1 && from[common] == to[common])
            common++;
        var parts = Enumerable.Repeat("..", from.Length - common).Concat(to.Skip(common));
        return string.Join("/", parts);
    }

    private static string DirectoryOf(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash switch
        {
            < 0 => "",
            0 => "/",
            _ => path.Substring(0, slash),
        };
    }

    private static string[] SplitDirectory(string path)
    {
        var directory = DirectoryOf(path);
        return directory.Length == 0 ? [] : directory.Split('/');
    }
}
