using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Quiver.Generator.Roslyn;

namespace Quiver.Generator.Tests;

/// <summary>Runs <see cref="QuiverGenerator"/> through Roslyn's driver, as a build does.</summary>
internal static class GeneratorHarness
{
    public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
    {
        public override string Path => path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    /// <summary>The repository's example schemas, as additional files at fixed paths (so output does not depend on the checkout).</summary>
    public static AdditionalText[] ExampleSchemas() =>
        System.IO.Directory.GetFiles(RepositoryPaths.SchemasDirectory, "*.quiver")
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (AdditionalText)new InMemoryAdditionalText("/repo/schemas/" + System.IO.Path.GetFileName(path), File.ReadAllText(path)))
            .ToArray();

    /// <summary>Schemas kept next to tests (<c>tests/*/schemas/*.quiver</c>), as additional files at fixed paths.</summary>
    public static AdditionalText[] TestSchemas() =>
        System.IO.Directory.GetDirectories(System.IO.Path.Combine(RepositoryPaths.Root, "tests"), "schemas", SearchOption.AllDirectories)
            .SelectMany(directory => System.IO.Directory.GetFiles(directory, "*.quiver"))
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (AdditionalText)new InMemoryAdditionalText(
                "/repo/" + System.IO.Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/'), File.ReadAllText(path)))
            .ToArray();

    public static GeneratorDriver Driver(params AdditionalText[] texts) => CSharpGeneratorDriver.Create(
        [new QuiverGenerator().AsSourceGenerator()],
        texts,
        parseOptions: new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose),
        driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>A compilation referencing the framework and Quiver.Runtime, with nullable and warnings as in Quiver builds.</summary>
    public static CSharpCompilation Compilation(string source = "class Program { }") => CSharpCompilation.Create(
        "Test",
        [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
        References(),
        new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error,
            warningLevel: 9999));

    private static MetadataReference[] References()
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(System.IO.Path.PathSeparator)
            .Select(path => MetadataReference.CreateFromFile(path));
        return framework.Append(MetadataReference.CreateFromFile(typeof(Quiver.Messages.MessageBatch<>).Assembly.Location)).ToArray();
    }
}
