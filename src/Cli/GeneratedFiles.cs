namespace Quiver.Cli;

/// <summary>Writes generated files, leaving a file alone when its text is already right, so its time stamp does not trigger rebuilds.</summary>
internal static class GeneratedFiles
{
    /// <summary>True when the file was written.</summary>
    public static bool Write(string path, string text)
    {
        if (File.Exists(path) && File.ReadAllText(path) == text)
            return false;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text);
        return true;
    }
}
