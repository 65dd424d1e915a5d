namespace Quiver.Generator.Tests;

/// <summary>Finds files of the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root => Quiver.Tests.RepositoryRoot.Path;

    public static string SchemasDirectory => Path.Combine(Root, "schemas");
}
