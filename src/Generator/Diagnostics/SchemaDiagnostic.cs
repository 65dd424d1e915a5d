using System.Globalization;
using Quiver.Generator.Model;

namespace Quiver.Generator.Diagnostics;

/// <summary>A problem found in a schema file, with where it is and what was expected.</summary>
public sealed record SchemaDiagnostic(string Id, SchemaDiagnosticSeverity Severity, string Message, SourceSpan Span)
{
    /// <summary>One line, e.g. <c>QVR0002 Error schemas/a.quiver(3,5)-(3,8): unknown type 'Pse'; did you mean 'Pose'?</c></summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} {1} {2}: {3}", Id, Severity, Span, Message);
}
