using System.Globalization;
using Quiver.Generator.Model;

namespace Quiver.Generator.Diagnostics;

/// <summary>
/// One kind of schema problem. <paramref name="MessageFormat"/> is a composite format string
/// filled under the invariant culture.
/// </summary>
public sealed record SchemaDiagnosticDescriptor(
    string Id,
    string Title,
    string MessageFormat,
    SchemaDiagnosticSeverity Severity)
{
    public SchemaDiagnostic Create(SourceSpan span, params object[] arguments) =>
        new(Id, Severity, string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments), span);
}
