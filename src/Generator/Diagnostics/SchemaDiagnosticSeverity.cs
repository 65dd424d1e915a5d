namespace Quiver.Generator.Diagnostics;

/// <summary>How bad a schema problem is. Errors stop code generation; warnings do not.</summary>
public enum SchemaDiagnosticSeverity
{
    Warning,
    Error,
}
