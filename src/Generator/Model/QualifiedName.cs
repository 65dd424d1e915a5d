namespace Quiver.Generator.Model;

/// <summary>The full name of an enum or message: its package and its own name.</summary>
public sealed record QualifiedName(string Package, string Name)
{
    /// <summary><c>package.Name</c>, the spelling used in schemas and in the canonical form.</summary>
    public override string ToString() => Package + "." + Name;
}
