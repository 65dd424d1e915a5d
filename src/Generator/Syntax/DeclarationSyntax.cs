using Quiver.Generator.Model;

namespace Quiver.Generator.Syntax;

/// <summary><c>package a.b;</c></summary>
public sealed record PackageSyntax(QualifiedNameSyntax Name, SourceSpan Span);

/// <summary><c>import "path";</c> — <paramref name="Path"/> is the string's content, <paramref name="PathSpan"/> where it is.</summary>
public sealed record ImportSyntax(string Path, SourceSpan PathSpan, SourceSpan Span);

/// <summary>An enum or a message. <paramref name="Doc"/> is the <c>///</c> text before it, if any.</summary>
public abstract record TypeDeclarationSyntax(NameSyntax Name, string? Doc, SourceSpan Span);

/// <summary><c>enum Name : base { Member = value; … }</c>. <paramref name="BaseType"/> is null when it was missing or malformed.</summary>
public sealed record EnumSyntax(
    NameSyntax Name,
    TypeSyntax? BaseType,
    ImmutableEquatableArray<EnumMemberSyntax> Members,
    string? Doc,
    SourceSpan Span) : TypeDeclarationSyntax(Name, Doc, Span);

/// <summary><c>Name = value;</c>. <paramref name="Value"/> is null when it was missing or malformed.</summary>
public sealed record EnumMemberSyntax(NameSyntax Name, IntegerSyntax? Value, string? Doc, SourceSpan Span);

/// <summary><c>message Name { field: type; … }</c>.</summary>
public sealed record MessageSyntax(
    NameSyntax Name,
    ImmutableEquatableArray<FieldSyntax> Fields,
    string? Doc,
    SourceSpan Span) : TypeDeclarationSyntax(Name, Doc, Span);

/// <summary><c>name: type;</c>.</summary>
public sealed record FieldSyntax(NameSyntax Name, TypeSyntax Type, string? Doc, SourceSpan Span);
