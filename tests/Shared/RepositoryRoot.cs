namespace Quiver.Tests;

/// <summary>
/// Where the test projects find the repository's files and the shared test data, however the
/// test host was started. Compiled into every test project (linked from tests/Shared).
/// </summary>
internal static class RepositoryRoot
{
    public const string ArrowTestingVariable = "QUIVER_ARROW_TESTING";

    private static readonly Lazy<string> Root = new(Find);

    /// <summary>The folder holding Quiver.slnx, the first one above the test binaries.</summary>
    public static string Path => Root.Value;

    /// <summary>
    /// The Arrow C++ golden files: <c>$QUIVER_ARROW_TESTING</c>, else the copy vendored in the
    /// repository, <c>tests/data/arrow-testing</c>.
    /// Missing data throws with the place looked at: conformance tests fail, they never skip.
    /// </summary>
    public static string ArrowTesting
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(ArrowTestingVariable);
            var folder = string.IsNullOrEmpty(configured)
                ? System.IO.Path.Combine(Path, "tests", "data", "arrow-testing")
                : configured;
            if (!Directory.Exists(folder))
                throw new DirectoryNotFoundException($"The arrow-testing data is not at '{folder}'; set {ArrowTestingVariable} to its folder.");
            return folder;
        }
    }

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "Quiver.slnx")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds Quiver.slnx; the tests must run from inside the repository.");
    }
}
