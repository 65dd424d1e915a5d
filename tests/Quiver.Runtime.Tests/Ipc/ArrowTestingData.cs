namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// Finds the apache/arrow-testing golden files: <c>$QUIVER_ARROW_TESTING</c>, else
/// <c>&lt;repo root&gt;/../shared/arrow-testing</c> (repo root = the folder holding Quiver.slnx).
/// Missing data fails the test with the places looked at; it is never skipped.
/// </summary>
internal static class ArrowTestingData
{
    public static string StreamFolder => Path.Combine(Root, "ipc-stream", "cpp-21.0.0");

    public static string Root
    {
        get
        {
            var fromEnvironment = Environment.GetEnvironmentVariable("QUIVER_ARROW_TESTING");
            if (!string.IsNullOrEmpty(fromEnvironment))
            {
                if (!Directory.Exists(fromEnvironment))
                    throw new DirectoryNotFoundException($"QUIVER_ARROW_TESTING is '{fromEnvironment}', which does not exist.");
                return fromEnvironment;
            }
            var repoRoot = FindRepoRoot();
            var candidate = Path.GetFullPath(Path.Combine(repoRoot, "..", "shared", "arrow-testing"));
            if (!Directory.Exists(candidate))
                throw new DirectoryNotFoundException($"The arrow-testing data is not at '{candidate}'; set QUIVER_ARROW_TESTING to its folder.");
            return candidate;
        }
    }

    public static IReadOnlyList<string> StreamNames()
    {
        var names = Directory.GetFiles(StreamFolder, "*.stream").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
            throw new FileNotFoundException($"No *.stream files in '{StreamFolder}'.");
        return names!;
    }

    public static byte[] ReadStream(string name) => File.ReadAllBytes(Path.Combine(StreamFolder, name + ".stream"));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Quiver.slnx")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No Quiver.slnx above '{AppContext.BaseDirectory}'.");
    }
}
