using Quiver.Generator.Model;
using Quiver.Generator.Semantics;

namespace Quiver.Generator.Tests;

public class ExampleSchemaTests
{
    private static SchemaCompilation CompileExamples()
    {
        var files = Directory.GetFiles(RepositoryPaths.SchemasDirectory, "*.quiver")
            .Select(path => ("schemas/" + Path.GetFileName(path), File.ReadAllText(path)))
            .ToList();
        Assert.Equal(5, files.Count);
        return SchemaCompiler.Compile(files);
    }

    [Fact]
    public void Every_example_schema_compiles_without_diagnostics()
    {
        var compilation = CompileExamples();

        Assert.Empty(compilation.Diagnostics);
        Assert.NotNull(compilation.Model);
        Assert.Equal(
            ["schemas/all_types.quiver", "schemas/geometry.quiver", "schemas/perception.quiver", "schemas/tensor.quiver", "schemas/vision.quiver"],
            compilation.Model.Files.Select(f => f.Path));
    }

    [Fact]
    public void The_example_schemas_declare_the_expected_types()
    {
        var model = CompileExamples().Model!;

        string[] Names(string package) => model.Files
            .Where(f => f.Package.Name == package)
            .SelectMany(f => f.Enums.Select(e => e.Name.Name).Concat(f.Messages.Select(m => m.Name.Name)))
            .ToArray();

        Assert.Equal(["Vector3", "Quaternion", "Pose", "Transform"], Names("geometry"));
        Assert.Equal(["Encoding", "DistortionModel", "Image", "CameraInfo"], Names("vision"));
        Assert.Equal(["BoundingBox2D", "Detection", "Detections"], Names("perception"));
        Assert.Equal(["DType", "Tensor"], Names("tensor"));
        Assert.Equal(["Level", "AllTypes"], Names("all_types"));
    }

    [Fact]
    public void All_types_uses_every_kind_of_type()
    {
        var model = CompileExamples().Model!;
        var allTypes = model.FindMessage(new QualifiedName("all_types", "AllTypes"))!;

        var types = allTypes.Fields.Select(f => f.Type).ToList();
        var primitives = types.OfType<PrimitiveTypeModel>().Select(t => t.Kind).ToHashSet();
        Assert.Equal(Enum.GetValues<PrimitiveKind>().ToHashSet(), primitives);
        Assert.Contains(types, t => t is FixedSizeBinaryTypeModel);
        Assert.Contains(types, t => t is ListTypeModel);
        Assert.Contains(types, t => t is FixedSizeListTypeModel);
        Assert.Equal(
            Enum.GetValues<TimeUnit>().ToHashSet(),
            types.OfType<TimestampTypeModel>().Select(t => t.Unit).ToHashSet());
        Assert.Equal(
            Enum.GetValues<TimeUnit>().ToHashSet(),
            types.OfType<DurationTypeModel>().Select(t => t.Unit).ToHashSet());
        Assert.Contains(types, t => t is TimestampTypeModel { TimeZone: null });
        Assert.Contains(types, t => t is EnumTypeModel);
        Assert.Contains(types, t => t is MessageTypeModel);
        Assert.Contains(types, t => t is ListTypeModel { IsNullable: true, Item.IsNullable: false });
        Assert.Contains(types, t => t is ListTypeModel { IsNullable: false, Item.IsNullable: true });
        Assert.Contains(types, t => t is ListTypeModel { IsNullable: true, Item.IsNullable: true });
        Assert.Contains(types, t => t is ListTypeModel { Item: FixedSizeListTypeModel });
        Assert.Contains(types, t => t is ListTypeModel { Item: FixedSizeBinaryTypeModel });
    }
}
