using Quiver.Generator.Emit.Python;

namespace Quiver.Generator.Tests;

public class PythonEmitterTests
{
    private static string SnapshotName(string path) => path.Replace(".py", "").Replace('/', '.');

    [Fact]
    public void Generated_python_matches_the_snapshots()
    {
        var files = PythonEmitter.Emit(PythonSchemas.Examples()).Where(f => f.Path.EndsWith(".py", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        foreach (var (path, text) in files)
            Snapshot.Verify(text, SnapshotName(path), "py", nameof(PythonEmitterTests));

        var committed = Snapshot.Files(nameof(PythonEmitterTests), nameof(Generated_python_matches_the_snapshots))
            .Select(p => Path.GetFileName(p).Split('#')[1].Replace(".verified.py", ""))
            .Order(StringComparer.Ordinal);
        Assert.Equal(files.Select(f => SnapshotName(f.Path)).Order(StringComparer.Ordinal), committed);
    }

    [Fact]
    public void Generated_python_for_the_test_schemas_matches_the_snapshots()
    {
        foreach (var (path, text) in PythonEmitter.Emit(PythonSchemas.TestSchemas()).Where(f => f.Path.EndsWith(".py", StringComparison.Ordinal)))
            Snapshot.Verify(text, SnapshotName(path), "py", nameof(PythonEmitterTests));
    }

    [Fact]
    public void One_module_per_package_and_a_py_typed_marker_in_every_folder()
    {
        var paths = PythonEmitter.Emit(PythonSchemas.Examples()).Select(f => f.Path).ToList();
        Assert.Equal(["all_types.py", "geometry.py", "perception.py", "py.typed", "tensor.py", "vision.py"], paths);

        var nested = PythonEmitter.Emit(PythonSchemas.TestSchemas()).Select(f => f.Path).ToList();
        Assert.Equal(["edge/__init__.py", "edge/cases.py", "edge/py.typed", "ledger.py", "py.typed"], nested);
    }

    [Fact]
    public void Files_of_one_package_merge_into_one_module_and_packages_import_each_other()
    {
        var model = SchemaTestCompiler.Compile(
            ("schemas/a1.quiver", "package robot.parts;\nmessage Wheel { radius: float32; }"),
            ("schemas/a2.quiver", "package robot.parts;\nenum Side : uint8 { Left = 0; Right = 1; }"),
            ("schemas/robot.quiver", "package robot;\nimport \"a1.quiver\";\nimport \"a2.quiver\";\nmessage Robot { wheels: robot.parts.Wheel[]; side: robot.parts.Side; }")).Model!;

        var files = PythonEmitter.Emit(model).ToDictionary(f => f.Path, f => f.Text);

        Assert.Equal(["py.typed", "robot/__init__.py", "robot/parts.py", "robot/py.typed"], files.Keys.Order(StringComparer.Ordinal));
        var parts = files["robot/parts.py"];
        Assert.Contains("from a1.quiver, a2.quiver.", parts);
        Assert.Contains("class Wheel(_Message):", parts);
        Assert.Contains("class Side(_enum.IntEnum):", parts);
        var robot = files["robot/__init__.py"];
        Assert.Contains("import robot.parts as _robot__parts\n", robot);
        Assert.Contains("pa.struct(list(_robot__parts.Wheel.SCHEMA))", robot);
        Assert.Contains("_enum_or_int(_robot__parts.Side, self._read(\"side\", _plain))", robot);
    }

    [Fact]
    public void Python_keywords_are_escaped_in_attributes_parameters_and_members()
    {
        var model = SchemaTestCompiler.Compile("package app;\nenum Kind : uint8 { None = 0; }\nmessage Detection { class: uint16; from: timestamp<ms>; }").Model!;

        var text = Assert.Single(PythonEmitter.Emit(model), f => f.Path == "app.py").Text;

        Assert.Contains("    None_ = 0\n", text);
        Assert.Contains("        class_: int,\n", text);
        Assert.Contains("\"class\": class_,", text);
        Assert.Contains("def class_(self) -> int:", text);
        Assert.Contains("\"from\": _raw_timestamp(from_, \"ms\"),", text);
        Assert.Contains("def from_raw(self) -> int:", text);
        Assert.Contains("pa.field(\"class\", pa.uint16(), nullable=False)", text);
    }

    [Fact]
    public void Doc_comments_that_look_like_python_cannot_break_out_of_the_docstring()
    {
        var model = SchemaTestCompiler.Compile("package d;\n/// Ends with \"\"\" and a \\ backslash\nmessage M { x: int32; }").Model!;

        var text = Assert.Single(PythonEmitter.Emit(model), f => f.Path == "d.py").Text;

        Assert.Contains("\"\"\"Ends with \\\"\\\"\\\" and a \\\\ backslash\"\"\"", text);
    }

    [Fact]
    public void Output_is_the_same_on_every_run()
    {
        Assert.Equal(PythonEmitter.Emit(PythonSchemas.Examples()), PythonEmitter.Emit(PythonSchemas.Examples()));
    }
}
