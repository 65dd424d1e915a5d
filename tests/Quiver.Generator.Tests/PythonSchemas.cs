using Quiver.Generator.Model;
using Quiver.Generator.Semantics;

namespace Quiver.Generator.Tests;

/// <summary>The example and test schemas compiled into models, at the fixed paths <see cref="GeneratorHarness"/> gives them.</summary>
internal static class PythonSchemas
{
    public static SchemaModel Examples() => Compile(GeneratorHarness.ExampleSchemas());

    public static SchemaModel TestSchemas() => Compile(GeneratorHarness.TestSchemas());

    private static SchemaModel Compile(Microsoft.CodeAnalysis.AdditionalText[] texts)
    {
        var compilation = SchemaCompiler.Compile(texts.Select(t => (t.Path, t.GetText()!.ToString())));
        Assert.Empty(compilation.Diagnostics);
        return compilation.Model!;
    }
}
