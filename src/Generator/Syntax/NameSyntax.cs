using Quiver.Generator.Model;

namespace Quiver.Generator.Syntax;

/// <summary>An identifier as written.</summary>
public sealed record NameSyntax(string Text, SourceSpan Span);

/// <summary>A dotted name (<c>geometry.Pose</c>, <c>a.b</c>) or a single identifier.</summary>
public sealed record QualifiedNameSyntax(ImmutableEquatableArray<NameSyntax> Parts, SourceSpan Span)
{
    public string Text => string.Join(".", Parts.Select(p => p.Text));
}
