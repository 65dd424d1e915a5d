using System.Numerics;
using Quiver.Generator.Model;

namespace Quiver.Generator.Syntax;

/// <summary>
/// One token. <paramref name="Text"/> is the source text, except for strings where it is the
/// content between the quotes. <paramref name="IntegerValue"/> is set for valid integers.
/// <paramref name="Doc"/> is the text of the <c>///</c> lines right before the token, if any.
/// </summary>
public sealed record Token(
    TokenKind Kind,
    string Text,
    SourceSpan Span,
    BigInteger? IntegerValue = null,
    DocComment? Doc = null);

/// <summary>The joined text of consecutive <c>///</c> lines and the span they cover.</summary>
public sealed record DocComment(string Text, SourceSpan Span);
