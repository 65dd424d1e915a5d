using Quiver.Generator.Model;
using Quiver.Generator.Naming;
using static Quiver.Generator.Tests.SchemaTestCompiler;

namespace Quiver.Generator.Tests;

public class NameMappingTests
{
    [Theory]
    [InlineData("x", "X")]
    [InlineData("frame_id", "FrameId")]
    [InlineData("pose_2d", "Pose2d")]
    [InlineData("utf8_text", "Utf8Text")]
    [InlineData("a_b_c", "ABC")]
    [InlineData("foo_1", "Foo1")]
    [InlineData("foo1", "Foo1")]
    public void Snake_case_becomes_PascalCase(string schema, string csharp) =>
        Assert.Equal(csharp, NameMapping.ToPascalCase(schema));

    [Theory]
    [InlineData("class", "class_")]
    [InlineData("from", "from_")]
    [InlineData("lambda", "lambda_")]
    [InlineData("async", "async_")]
    [InlineData("None", "None_")]
    [InlineData("True", "True_")]
    [InlineData("match", "match")]
    [InlineData("type", "type")]
    [InlineData("case", "case")]
    [InlineData("frame_id", "frame_id")]
    [InlineData("Rgb8", "Rgb8")]
    public void Python_keywords_get_a_trailing_underscore_and_nothing_else_changes(string schema, string python) =>
        Assert.Equal(python, NameMapping.ToPythonName(schema));

    [Theory]
    [InlineData("detections", "Detections", "Detections_")]
    [InlineData("to_string", "M", "ToString_")]
    [InlineData("value", "M", "Value_")]
    [InlineData("schema", "M", "Schema_")]
    [InlineData("class", "M", "Class")]
    [InlineData("detection", "Detections", "Detection")]
    public void A_csharp_property_that_would_clash_gets_a_trailing_underscore(string field, string message, string csharp) =>
        Assert.Equal(csharp, NameMapping.ToCSharpPropertyName(field, message));

    [Theory]
    [InlineData("to_arrow", "to_arrow_")]
    [InlineData("from_arrow", "from_arrow_")]
    [InlineData("self", "self_")]
    [InlineData("property", "property_")]
    [InlineData("from", "from_")]
    [InlineData("arrow", "arrow")]
    public void A_python_attribute_that_would_clash_gets_a_trailing_underscore(string field, string python) =>
        Assert.Equal(python, NameMapping.ToPythonAttributeName(field));

    [Theory]
    [InlineData("vision", "Vision", "vision")]
    [InlineData("robot.geometry", "Robot.Geometry", "robot.geometry")]
    [InlineData("my_robot.sensors_v2", "MyRobot.SensorsV2", "my_robot.sensors_v2")]
    [InlineData("app.import", "App.Import", "app.import_")]
    public void Packages_become_namespaces_and_modules(string package, string csharp, string python)
    {
        Assert.Equal(csharp, NameMapping.ToCSharpNamespace(package));
        Assert.Equal(python, NameMapping.ToPythonModule(package));
    }

    [Theory]
    [InlineData("x", true)]
    [InlineData("frame_id", true)]
    [InlineData("a1_2b", true)]
    [InlineData("", false)]
    [InlineData("_x", false)]
    [InlineData("x_", false)]
    [InlineData("x__y", false)]
    [InlineData("1x", false)]
    [InlineData("frameId", false)]
    [InlineData("Frame", false)]
    public void Field_names_must_be_snake_case(string name, bool valid) =>
        Assert.Equal(valid, NameRules.IsSnakeCase(name));

    [Theory]
    [InlineData("M", true)]
    [InlineData("CameraInfo", true)]
    [InlineData("BoundingBox2D", true)]
    [InlineData("RGB8", true)]
    [InlineData("", false)]
    [InlineData("camera", false)]
    [InlineData("Camera_Info", false)]
    [InlineData("_Camera", false)]
    public void Type_and_member_names_must_be_PascalCase(string name, bool valid) =>
        Assert.Equal(valid, NameRules.IsPascalCase(name));

    [Fact]
    public void The_model_carries_the_mapped_names()
    {
        var compilation = Compile(
            "package app.import;\nenum Kind : uint8 { None = 0; Some = 1; }\n" +
            "message Detections { class: uint32; frame_id: string; detections: Kind[]; to_arrow: bool; kind: Kind; }");

        Assert.Empty(compilation.Diagnostics);
        var file = Assert.Single(compilation.Model!.Files);
        Assert.Equal(new PackageModel("app.import", "App.Import", "app.import_"), file.Package);
        var kind = Assert.Single(file.Enums);
        Assert.Equal([("None", "None", "None_"), ("Some", "Some", "Some")], kind.Members.Select(m => (m.Name, m.CSharpName, m.PythonName)));
        Assert.Equal(
            [
                ("class", "Class", "class_"),
                ("frame_id", "FrameId", "frame_id"),
                ("detections", "Detections_", "detections"),
                ("to_arrow", "ToArrow", "to_arrow_"),
                ("kind", "Kind", "kind"),
            ],
            Assert.Single(file.Messages).Fields.Select(f => (f.Name, f.CSharpName, f.PythonName)));
    }
}
