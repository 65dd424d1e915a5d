using Quiver.Generator.Syntax;

namespace Quiver.Generator.Semantics;

/// <summary>One file while the compiler checks the set: its syntax plus what was learned about it.</summary>
internal sealed class BoundFile(SchemaFileSyntax syntax)
{
    public SchemaFileSyntax Syntax { get; } = syntax;

    /// <summary>The path as given, used in messages and in the model.</summary>
    public string DisplayPath => Syntax.Path;

    /// <summary>The normalized path imports are matched against.</summary>
    public string Path { get; } = SchemaPath.Normalize(syntax.Path);

    /// <summary>The declared package, or "" when the declaration is missing (already reported).</summary>
    public string Package { get; set; } = "";

    /// <summary>The files this one imports that exist, once each, in import order.</summary>
    public List<(BoundFile Target, ImportSyntax Syntax)> Imports { get; } = [];

    /// <summary>The types this file declares that are registered in the table (not duplicates).</summary>
    public List<DeclaredType> Types { get; } = [];
}
