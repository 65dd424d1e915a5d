using System.Numerics;
using Quiver.Generator.Model;

namespace Quiver.Generator.Syntax;

/// <summary>A field's type as written. Suffixes nest left to right: <c>float32[3][]?</c> is a nullable list of fixed-size lists.</summary>
public abstract record TypeSyntax(SourceSpan Span);

/// <summary>
/// A type name with an optional argument list: <c>int32</c>, <c>geometry.Pose</c>,
/// <c>timestamp&lt;ns, "UTC"&gt;</c>. <paramref name="Arguments"/> is empty when no list was written.
/// </summary>
public sealed record NamedTypeSyntax(
    QualifiedNameSyntax Name,
    ImmutableEquatableArray<TypeArgumentSyntax> Arguments,
    SourceSpan Span) : TypeSyntax(Span);

/// <summary><c>T[]</c> when <paramref name="Size"/> is null, <c>T[N]</c> otherwise (<c>bytes[N]</c> included).</summary>
public sealed record ArrayTypeSyntax(TypeSyntax Element, IntegerSyntax? Size, SourceSpan Span) : TypeSyntax(Span);

/// <summary><c>T?</c>.</summary>
public sealed record NullableTypeSyntax(TypeSyntax Inner, SourceSpan Span) : TypeSyntax(Span);

/// <summary>
/// A type argument: a type (a map's key and value, a dictionary's values; a time unit is read as
/// a type name too, then taken by its <paramref name="Text"/>), a string (a time zone) or an
/// integer (a decimal's precision and scale). <paramref name="Type"/> is set for the first kind only.
/// </summary>
public sealed record TypeArgumentSyntax(string Text, bool IsString, SourceSpan Span, TypeSyntax? Type = null)
{
    public bool IsInteger => !IsString && Type is null;

    /// <summary>An integer argument's value; null for other arguments and for a malformed literal (the lexer reported it).</summary>
    public BigInteger? IntegerValue { get; init; }
}

/// <summary>
/// An integer literal with its sign. <paramref name="Value"/> is null when the literal was
/// malformed (already reported by the lexer).
/// </summary>
public sealed record IntegerSyntax(string Text, BigInteger? Value, SourceSpan Span);
