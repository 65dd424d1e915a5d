using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;

namespace Quiver.Generator.Semantics;

/// <summary>
/// The result of compiling a set of schema files: every diagnostic (sorted by file, position and
/// id) and, when none is an error, the model for the emitters.
/// </summary>
public sealed record SchemaCompilation(SchemaModel? Model, ImmutableEquatableArray<SchemaDiagnostic> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == SchemaDiagnosticSeverity.Error);
}
