using Quiver.Generator.Emit.Python;
using Quiver.Generator.Model;

namespace Quiver.Generator.Tests;

/// <summary>
/// The generated modules run in a real Python (/usr/bin/python3) with pyarrow unavailable: they
/// compile, import, carry the C# fingerprints, and their canonical text hashes to them in Python.
/// </summary>
public class PythonExecutionTests
{
    private static string Script(string name) => Path.Combine(RepositoryPaths.Root, "tests/Quiver.Generator.Tests/python", name);

    [PythonFact]
    public void Example_modules_compile_import_without_pyarrow_and_carry_the_csharp_fingerprints() =>
        CheckModules(PythonSchemas.Examples());

    [PythonFact]
    public void Test_schema_modules_compile_import_without_pyarrow_and_carry_the_csharp_fingerprints() =>
        CheckModules(PythonSchemas.TestSchemas());

    [PythonFact]
    public void Fields_named_like_builtins_keywords_and_generated_members_still_give_a_working_module() =>
        CheckModules(SchemaTestCompiler.Compile(
            "package names;\nenum Kind : uint8 { None = 0; True = 1; }\n" +
            "message Names { self: int32; property: int32; int: int32; str: string; bytes: bytes; class: Kind; to_arrow: bool; stamp: timestamp<s>; stamp_raw: int64; type: duration<ms>?; }").Model!);

    [PythonFact]
    public void A_constructed_message_reads_back_without_pyarrow_and_arrow_access_says_pyarrow_is_required()
    {
        var lines = Run(PythonSchemas.Examples(), "check_generated.py").Where(line => !line.StartsWith("message ", StringComparison.Ordinal));

        Assert.Equal(
            [
                "encoding <Encoding.Bgr8: 1> unknown 9",
                "stamp 1700000000123456000 2023-11-14T22:13:20.123456+00:00",
                "position 3.0 data ff000000ff00 labels cat+sofa",
                "none None_ 0",
                "schema pyarrow is required for the Arrow side of Quiver messages (SCHEMA, to_arrow, from_arrow, reading received messages)",
                "to_arrow pyarrow is required for the Arrow side of Quiver messages (SCHEMA, to_arrow, from_arrow, reading received messages)",
            ],
            lines);
    }

    private static void CheckModules(SchemaModel model)
    {
        var messages = Run(model, "check_generated.py")
            .Where(line => line.StartsWith("message ", StringComparison.Ordinal))
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[1], parts => (Emitted: parts[2], Recomputed: parts[3]));

        var expected = model.Files.SelectMany(f => f.Messages).ToList();
        Assert.Equal(expected.Count, messages.Count);
        foreach (var message in expected)
        {
            var (emitted, recomputed) = messages[message.Name.ToString()];
            Assert.Equal(message.Fingerprint, emitted);
            Assert.Equal(message.Fingerprint, recomputed);
        }
        if (messages.TryGetValue("geometry.Vector3", out var vector))
            Assert.Equal("b3702ab59d34224c", vector.Recomputed); // docs/schema-language.md §7, computed independently of this repository
    }

    [PythonFact]
    public void Example_schemas_built_with_a_recording_pyarrow_stand_in_are_the_canonical_schemas() =>
        CheckSchemas(PythonSchemas.Examples());

    [PythonFact]
    public void Test_schemas_built_with_a_recording_pyarrow_stand_in_are_the_canonical_schemas() =>
        CheckSchemas(PythonSchemas.TestSchemas());

    private static void CheckSchemas(SchemaModel model)
    {
        var lines = Run(model, "check_arrow_side.py").Where(line => line.StartsWith("schema ", StringComparison.Ordinal)).ToList();

        Assert.Equal(model.Files.SelectMany(f => f.Messages).Select(m => $"schema {m.Name} ok").Order(StringComparer.Ordinal), lines.Order(StringComparer.Ordinal));
    }

    private static string[] Run(SchemaModel model, string script)
    {
        var directory = Directory.CreateTempSubdirectory("quiver-python-").FullName;
        try
        {
            var files = PythonEmitter.Emit(model);
            foreach (var (path, text) in files)
            {
                var full = Path.Combine(directory, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
            }
            var modules = files.Where(f => f.Path.EndsWith(".py", StringComparison.Ordinal)).ToList();
            PythonInterpreter.Run(directory, ["-m", "py_compile", .. modules.Select(f => f.Path)]);
            var names = modules.Select(f => f.Path.Replace("/__init__.py", "").Replace(".py", "").Replace('/', '.'));
            return PythonInterpreter.Run(directory, [Script(script), directory, .. names]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
