using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Quiver.Generator.Roslyn;

namespace Quiver.Generator.Tests;

public class GeneratorTests
{
    private sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private static CSharpCompilation CSharpCompilation(string source = "class Program { }") => Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
        "Test",
        [CSharpSyntaxTree.ParseText(source)],
        [MetadataReference.CreateFromFile(typeof(object).Assembly.Location)]);

    private static GeneratorDriver Driver(params AdditionalText[] texts) => CSharpGeneratorDriver.Create(
        [new QuiverGenerator().AsSourceGenerator()],
        texts,
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    [Fact]
    public void Schema_errors_become_compiler_diagnostics_located_in_the_schema_file()
    {
        var driver = Driver(
            new InMemoryAdditionalText("/repo/schemas/a.quiver", "package a;\nmessage Pose { x: float64; }\nmessage M { p: Pse; }"),
            new InMemoryAdditionalText("/repo/readme.txt", "not a schema"));

        var result = driver.RunGenerators(CSharpCompilation()).GetRunResult();

        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal("QVR0002", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("unknown type 'Pse'; did you mean 'Pose'?", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        var span = diagnostic.Location.GetLineSpan();
        Assert.Equal("/repo/schemas/a.quiver", span.Path);
        Assert.Equal(new LinePosition(2, 15), span.StartLinePosition);
        Assert.Equal(new LinePosition(2, 18), span.EndLinePosition);
        Assert.Equal(new TextSpan(55, 3), diagnostic.Location.SourceSpan);
    }

    [Fact]
    public void Valid_schemas_report_nothing()
    {
        var result = Driver(new InMemoryAdditionalText("/repo/schemas/a.quiver", "package a;\nmessage M { x: int32; }"))
            .RunGenerators(CSharpCompilation())
            .GetRunResult();

        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public void An_unrelated_csharp_edit_reruns_nothing()
    {
        var driver = Driver(new InMemoryAdditionalText("/repo/schemas/a.quiver", "package a;\nmessage M { x: Nope; }"));
        driver = driver.RunGenerators(CSharpCompilation());

        var result = driver.RunGenerators(CSharpCompilation("class Program { static void Main() { } }")).GetRunResult().Results[0];

        foreach (var name in new[] { TrackingNames.Parse, TrackingNames.Compile, TrackingNames.Diagnostics })
        {
            var outputs = result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        }
    }

    [Fact]
    public void Editing_one_schema_reparses_only_that_file()
    {
        var a = new InMemoryAdditionalText("/repo/schemas/a.quiver", "package a;\nmessage M { x: int32; }");
        var b = new InMemoryAdditionalText("/repo/schemas/b.quiver", "package b;\nmessage N { y: int32; }");
        var driver = Driver(a, b).RunGenerators(CSharpCompilation());

        var edited = new InMemoryAdditionalText("/repo/schemas/b.quiver", "package b;\nmessage N { y: int64; }");
        driver = driver.ReplaceAdditionalText(b, edited).RunGenerators(CSharpCompilation());

        var parse = driver.GetRunResult().Results[0].TrackedSteps[TrackingNames.Parse]
            .SelectMany(step => step.Outputs)
            .Select(output => output.Reason)
            .ToArray();
        Assert.Equal([IncrementalStepRunReason.Cached, IncrementalStepRunReason.Modified], parse);
    }
}
