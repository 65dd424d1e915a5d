using Quiver.Generator.Model;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Semantics;

/// <summary>An enum or message declaration with its full name and file.</summary>
internal sealed class DeclaredType(QualifiedName name, TypeDeclarationSyntax syntax, BoundFile file)
{
    public QualifiedName Name { get; } = name;

    public TypeDeclarationSyntax Syntax { get; } = syntax;

    public BoundFile File { get; } = file;

    /// <summary>For an enum with a valid base type: that integer kind. Set by <see cref="EnumChecker"/>.</summary>
    public PrimitiveKind? EnumBase { get; set; }
}
