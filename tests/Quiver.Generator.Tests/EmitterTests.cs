using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Quiver.Generator.Tests;

public class EmitterTests
{
    private static GeneratorDriverRunResult RunOnExamples() =>
        GeneratorHarness.Driver(GeneratorHarness.ExampleSchemas()).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();

    [Fact]
    public void Generated_code_matches_the_snapshots()
    {
        var result = RunOnExamples();
        Assert.Empty(result.Diagnostics);
        var sources = result.Results.Single().GeneratedSources;
        Assert.NotEmpty(sources);
        foreach (var source in sources)
            Snapshot.Verify(source.SourceText.ToString(), source.HintName.Replace(".g.cs", ""), "cs", nameof(EmitterTests));

        var expected = sources.Select(s => s.HintName.Replace(".g.cs", "")).Order(StringComparer.Ordinal);
        var committed = Snapshot.Files(nameof(EmitterTests), nameof(Generated_code_matches_the_snapshots))
            .Select(path => Path.GetFileName(path).Split('#')[1].Replace(".verified.cs", ""))
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, committed);
    }

    [Fact]
    public void Generated_code_for_the_test_schemas_matches_the_snapshots()
    {
        var schemas = GeneratorHarness.TestSchemas();
        Assert.NotEmpty(schemas);
        var result = GeneratorHarness.Driver(schemas).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        Assert.Empty(result.Diagnostics);
        foreach (var source in result.Results.Single().GeneratedSources)
            Snapshot.Verify(source.SourceText.ToString(), source.HintName.Replace(".g.cs", ""), "cs", nameof(EmitterTests));
    }

    [Fact]
    public void Generated_code_for_the_test_schemas_compiles_without_any_diagnostic()
    {
        GeneratorHarness.Driver(GeneratorHarness.TestSchemas())
            .RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(), out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        var diagnostics = output.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).Select(d => d.ToString()).ToList();
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
    }

    [Fact]
    public void Hint_names_are_package_and_type()
    {
        var hints = RunOnExamples().Results.Single().GeneratedSources.Select(s => s.HintName).ToHashSet();

        Assert.Contains("vision.Image.g.cs", hints);
        Assert.Contains("vision.Encoding.g.cs", hints);
        Assert.Contains("geometry.Pose.g.cs", hints);
        Assert.Contains("all_types.AllTypes.g.cs", hints);
    }

    [Fact]
    public void Generated_code_compiles_without_any_diagnostic_against_the_runtime()
    {
        var driver = GeneratorHarness.Driver(GeneratorHarness.ExampleSchemas());

        driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(), out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        var diagnostics = output.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).Select(d => d.ToString()).ToList();
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        Assert.True(output.SyntaxTrees.Count() > 10);
    }

    [Fact]
    public void A_field_named_like_a_writer_member_is_renamed_in_the_writer_and_the_code_compiles()
    {
        var schema = new GeneratorHarness.InMemoryAdditionalText("/repo/schemas/names.quiver", "package names;\n\nmessage Names {\n  reset: int32;\n  columns: int32;\n}\n");

        GeneratorHarness.Driver(schema).RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(), out var output, out var generatorDiagnostics);

        Assert.Empty(generatorDiagnostics);
        var diagnostics = output.GetDiagnostics().Where(d => d.Severity != DiagnosticSeverity.Hidden).Select(d => d.ToString()).ToList();
        Assert.True(diagnostics.Count == 0, string.Join("\n", diagnostics));
        var code = output.SyntaxTrees.Single(tree => tree.FilePath.EndsWith("names.Names.g.cs", StringComparison.Ordinal)).ToString();
        Assert.Contains("PrimitiveColumnBuilder<int> Reset_ => ", code);
        Assert.Contains("PrimitiveColumnBuilder<int> Columns_ => ", code);
        Assert.Contains("public void Reset(global::Quiver.Arrow.Builders.RecordBatchLayout layout, global::System.Memory<byte> target)", code);
    }

    [Fact]
    public void Output_is_the_same_on_every_run()
    {
        string[] Run() => RunOnExamples().Results.Single().GeneratedSources.Select(s => s.HintName + "\n" + s.SourceText).ToArray();

        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void A_schema_with_errors_generates_no_code()
    {
        var result = GeneratorHarness.Driver(new GeneratorHarness.InMemoryAdditionalText("/repo/a.quiver", "package a;\nmessage M { x: Nope; }"))
            .RunGenerators(GeneratorHarness.Compilation())
            .GetRunResult();

        Assert.Equal("QVR0002", Assert.Single(result.Diagnostics).Id);
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void Every_generated_file_starts_with_the_auto_generated_header()
    {
        foreach (var source in RunOnExamples().Results.Single().GeneratedSources)
            Assert.StartsWith("// <auto-generated/>\n", source.SourceText.ToString());
    }
}
