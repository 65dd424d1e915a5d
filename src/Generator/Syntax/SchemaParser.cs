using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;

namespace Quiver.Generator.Syntax;

/// <summary>Entry point of the first phase: text of one file to syntax plus diagnostics.</summary>
public static class SchemaParser
{
    /// <summary>
    /// Parses one schema file. Never throws: a failure of the parser itself becomes a
    /// <c>QVR9999</c> diagnostic and an empty syntax tree.
    /// </summary>
    public static ParsedSchemaFile Parse(string path, string text)
    {
        var diagnostics = new DiagnosticBag();
        SchemaFileSyntax syntax;
        try
        {
            var lines = new LineMap(path, text);
            var tokens = Lexer.Tokenize(text, lines, diagnostics);
            syntax = Parser.Parse(path, tokens, lines, diagnostics);
        }
        catch (Exception exception)
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.InternalError, SourceSpan.StartOfFile(path), InternalErrorText.Describe(exception));
            syntax = new SchemaFileSyntax(
                path,
                ImmutableEquatableArray<PackageSyntax>.Empty,
                ImmutableEquatableArray<ImportSyntax>.Empty,
                ImmutableEquatableArray<TypeDeclarationSyntax>.Empty);
        }
        return new ParsedSchemaFile(syntax, diagnostics.Items.ToImmutableEquatableArray());
    }
}
