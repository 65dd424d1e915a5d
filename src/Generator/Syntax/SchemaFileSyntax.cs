using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;

namespace Quiver.Generator.Syntax;

/// <summary>
/// Everything parsed from one file, in source order. A declaration whose name was read is kept
/// even when the rest of it had errors, so references to it still resolve.
/// </summary>
public sealed record SchemaFileSyntax(
    string Path,
    ImmutableEquatableArray<PackageSyntax> Packages,
    ImmutableEquatableArray<ImportSyntax> Imports,
    ImmutableEquatableArray<TypeDeclarationSyntax> Declarations);

/// <summary>The result of parsing one file: its syntax and the lexical and syntax problems found.</summary>
public sealed record ParsedSchemaFile(SchemaFileSyntax Syntax, ImmutableEquatableArray<SchemaDiagnostic> Diagnostics);
