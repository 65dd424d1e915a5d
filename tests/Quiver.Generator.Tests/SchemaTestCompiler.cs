using Quiver.Generator.Semantics;

namespace Quiver.Generator.Tests;

/// <summary>Compiles schema text given inline and renders diagnostics one line each, in the Verify style.</summary>
internal static class SchemaTestCompiler
{
    public const string DefaultPath = "schemas/a.quiver";

    public static SchemaCompilation Compile(string text) => SchemaCompiler.Compile([(DefaultPath, text)]);

    public static SchemaCompilation Compile(params (string Path, string Text)[] files) => SchemaCompiler.Compile(files);

    /// <summary>Lines joined into one text, newline-separated (already sorted by the compiler).</summary>
    public static string[] Lines(SchemaCompilation compilation) => compilation.Diagnostics.Select(d => d.ToString()).ToArray();

    public static string[] Lines(string text) => Lines(Compile(text));
}
