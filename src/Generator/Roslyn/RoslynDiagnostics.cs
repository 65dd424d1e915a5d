using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Quiver.Generator.Diagnostics;

namespace Quiver.Generator.Roslyn;

/// <summary>Turns schema diagnostics into Roslyn diagnostics located in the <c>.quiver</c> file.</summary>
internal static class RoslynDiagnostics
{
    private const string Category = "Quiver.Schema";

    private static readonly Dictionary<string, DiagnosticDescriptor> Descriptors = SchemaDiagnosticDescriptors.All.ToDictionary(
        d => d.Id,
        d => new DiagnosticDescriptor(
            d.Id,
            d.Title,
            "{0}",
            Category,
            d.Severity == SchemaDiagnosticSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            isEnabledByDefault: true));

    public static Diagnostic Create(SchemaDiagnostic diagnostic)
    {
        var span = diagnostic.Span;
        var location = span.FilePath.Length == 0
            ? Location.None
            : Location.Create(
                span.FilePath,
                TextSpan.FromBounds(span.StartOffset, span.EndOffset),
                new LinePositionSpan(
                    new LinePosition(span.StartLine - 1, span.StartColumn - 1),
                    new LinePosition(span.EndLine - 1, span.EndColumn - 1)));
        return Diagnostic.Create(Descriptors[diagnostic.Id], location, diagnostic.Message);
    }
}
