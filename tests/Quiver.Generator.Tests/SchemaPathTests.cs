using Quiver.Generator.Semantics;

namespace Quiver.Generator.Tests;

public class SchemaPathTests
{
    [Theory]
    [InlineData("schemas/a.quiver", "schemas/a.quiver")]
    [InlineData("schemas\\sub\\a.quiver", "schemas/sub/a.quiver")]
    [InlineData("./schemas//x/../a.quiver", "schemas/a.quiver")]
    [InlineData("/repo/schemas/../a.quiver", "/repo/a.quiver")]
    [InlineData("/../a.quiver", "/a.quiver")]
    [InlineData("../a.quiver", "../a.quiver")]
    [InlineData("C:\\repo\\a.quiver", "C:/repo/a.quiver")]
    public void Normalizes_separators_and_dot_segments(string path, string normalized) =>
        Assert.Equal(normalized, SchemaPath.Normalize(path));

    [Theory]
    [InlineData("/repo/schemas/a.quiver", "b.quiver", "/repo/schemas/b.quiver")]
    [InlineData("/repo/schemas/a.quiver", "../common/b.quiver", "/repo/common/b.quiver")]
    [InlineData("/repo/schemas/a.quiver", "/abs/b.quiver", "/abs/b.quiver")]
    [InlineData("a.quiver", "sub/b.quiver", "sub/b.quiver")]
    [InlineData("C:\\repo\\a.quiver", "b.quiver", "C:/repo/b.quiver")]
    public void Resolves_imports_relative_to_the_importing_file(string importer, string import, string resolved) =>
        Assert.Equal(resolved, SchemaPath.ResolveImport(importer, import));

    [Theory]
    [InlineData("/repo/schemas/sub/v.quiver", "/repo/schemas/geometry.quiver", "../geometry.quiver")]
    [InlineData("/repo/schemas/v.quiver", "/repo/schemas/geometry.quiver", "geometry.quiver")]
    [InlineData("/repo/schemas/v.quiver", "/repo/schemas/deep/er/g.quiver", "deep/er/g.quiver")]
    [InlineData("a/b/v.quiver", "c/g.quiver", "../../c/g.quiver")]
    public void Computes_the_import_that_leads_from_one_file_to_another(string from, string to, string relative)
    {
        Assert.Equal(relative, SchemaPath.Relative(from, to));
        Assert.Equal(to, SchemaPath.ResolveImport(from, relative));
    }
}
