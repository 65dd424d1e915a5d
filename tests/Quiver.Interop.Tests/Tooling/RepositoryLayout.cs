namespace Quiver.Interop.Tests.Tooling;

/// <summary>Where the interop tests find the repository's files, however the test host was started.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary>The folder holding Quiver.slnx.</summary>
    public static string RootDirectory => Root.Value;

    /// <summary>The git-ignored folder where test dependencies are installed.</summary>
    public static string CacheDirectory => Path.Combine(RootDirectory, ".cache");

    public static string JavaScriptDirectory => Path.Combine(RootDirectory, "tests", "Quiver.Interop.Tests", "JavaScript");

    public static string InstallScript => Path.Combine(RootDirectory, "scripts", "install-test-deps");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Quiver.slnx")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} contains Quiver.slnx; the interop tests must run from inside the repository.");
    }
}
