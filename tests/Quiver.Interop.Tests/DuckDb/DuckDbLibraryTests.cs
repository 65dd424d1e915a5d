using Quiver.DuckDb;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>The DuckDB the tests talk to is the one the NuGet restore brought, at the pinned version.</summary>
public class DuckDbLibraryTests
{
    [Fact]
    public void The_library_is_the_nuget_packages_duckdb_1_5_6()
    {
        Assert.StartsWith(Path.Combine(AppContext.BaseDirectory, "runtimes"), DuckDbNative.LibraryPath);
        Assert.Equal("v1.5.6", DuckDbSession.LibraryVersion);
    }
}
