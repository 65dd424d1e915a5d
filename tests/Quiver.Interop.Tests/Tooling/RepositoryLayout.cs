namespace Quiver.Interop.Tests.Tooling;

/// <summary>Where the interop tests find the repository's files, however the test host was started.</summary>
public static class RepositoryLayout
{
    /// <summary>The folder holding Quiver.slnx.</summary>
    public static string RootDirectory => Quiver.Tests.RepositoryRoot.Path;

    /// <summary>The git-ignored folder where test dependencies are installed.</summary>
    public static string CacheDirectory => Path.Combine(RootDirectory, ".cache");

    public static string JavaScriptDirectory => Path.Combine(RootDirectory, "tests", "Quiver.Interop.Tests", "JavaScript");

    public static string InstallScript => Path.Combine(RootDirectory, "scripts", "install-test-deps");
}
