using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Semantics;

/// <summary>
/// Entry point of the second phase: parsed files to a resolved model. Imports name files of the
/// same set (relative to the importing file), so the set must hold every file that is imported.
/// </summary>
public static class SchemaCompiler
{
    /// <summary>Parses and compiles files given as (path, text).</summary>
    public static SchemaCompilation Compile(IEnumerable<(string Path, string Text)> files) =>
        Compile(files.Select(f => SchemaParser.Parse(f.Path, f.Text)));

    /// <summary>
    /// Checks the files together and builds the model. Never throws: a failure of the compiler
    /// itself becomes a <c>QVR9999</c> diagnostic. Files with the same path after normalization
    /// count once (the first).
    /// </summary>
    public static SchemaCompilation Compile(IEnumerable<ParsedSchemaFile> files)
    {
        var diagnostics = new DiagnosticBag();
        SchemaModel? model = null;
        try
        {
            var parsed = files.ToList();
            foreach (var file in parsed)
                diagnostics.AddRange(file.Diagnostics);
            model = Check(parsed, diagnostics);
        }
        catch (Exception exception)
        {
            // No file is to blame, so the diagnostic points at no file.
            diagnostics.Add(SchemaDiagnosticDescriptors.InternalError, SourceSpan.StartOfFile(""), InternalErrorText.Describe(exception));
        }
        var sorted = diagnostics.Items
            .OrderBy(d => d.Span.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Span.StartOffset)
            .ThenBy(d => d.Span.EndOffset)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToImmutableEquatableArray();
        var hasErrors = sorted.Any(d => d.Severity == SchemaDiagnosticSeverity.Error);
        return new SchemaCompilation(hasErrors ? null : model, sorted);
    }

    private static SchemaModel? Check(List<ParsedSchemaFile> parsed, DiagnosticBag diagnostics)
    {
        var files = parsed
            .Select(p => new BoundFile(p.Syntax))
            .GroupBy(f => f.Path, StringComparer.Ordinal)
            .Select(g => g.First())
            .OrderBy(f => f.Path, StringComparer.Ordinal)
            .ToList();

        foreach (var file in files)
            PackageChecker.Check(file, diagnostics);
        ImportResolver.Resolve(files, diagnostics);
        var table = DeclarationTable.Build(files, diagnostics);

        // Enums first: a field of enum type needs its enum's base type.
        foreach (var declared in table.All)
        {
            if (declared.Syntax is EnumSyntax enumSyntax)
                EnumChecker.Check(declared, enumSyntax, diagnostics);
        }

        var scopes = files.ToDictionary(f => f, f => new TypeScope(f, table));
        var messages = new List<CheckedMessage>();
        foreach (var declared in table.All)
        {
            if (declared.Syntax is MessageSyntax messageSyntax)
                messages.Add(MessageChecker.Check(declared, messageSyntax, scopes[declared.File], diagnostics));
        }
        ContainmentChecker.Check(messages, diagnostics);

        if (diagnostics.Items.Any(d => d.Severity == SchemaDiagnosticSeverity.Error))
            return null;
        return ModelBuilder.Build(files, messages);
    }
}
