namespace Quiver.Generator.Tests;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    /// <summary>The folder holding Quiver.slnx, found by walking up from the test assembly.</summary>
    public static string Root { get; } = FindRoot();

    public static string SchemasDirectory => Path.Combine(Root, "schemas");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Quiver.slnx")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No Quiver.slnx above {AppContext.BaseDirectory}; the tests must run from the repository.");
    }
}
