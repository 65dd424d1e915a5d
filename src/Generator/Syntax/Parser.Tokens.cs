using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;

namespace Quiver.Generator.Syntax;

/// <summary>Token consumption, error reporting and recovery.</summary>
internal sealed partial class Parser
{
    /// <summary>Consumes the current token; a <c>///</c> comment before it that no declaration claimed is reported.</summary>
    private Token Advance()
    {
        var token = Current;
        if (token.Doc is { } doc && _docClaimedAt != _index)
            _diagnostics.Add(SchemaDiagnosticDescriptors.DetachedDocComment, doc.Span);
        Skip();
        return token;
    }

    /// <summary>Consumes the current token silently: used while recovering, where one error is enough.</summary>
    private void Skip()
    {
        if (!At(TokenKind.EndOfFile))
            _index++;
    }

    /// <summary>Claims the <c>///</c> text before the current token for the declaration starting there.</summary>
    private string? TakeDoc()
    {
        _docClaimedAt = _index;
        return Current.Doc?.Text;
    }

    private SourceSpan SpanFrom(SourceSpan start) => _lines.Span(start.StartOffset, Math.Max(start.EndOffset, Previous.Span.EndOffset));

    private bool Expect(TokenKind kind, string expected)
    {
        if (At(kind))
        {
            Advance();
            return true;
        }
        ReportUnexpected(expected);
        return false;
    }

    private NameSyntax? ExpectName(string expected)
    {
        if (!At(TokenKind.Identifier))
        {
            ReportUnexpected(expected);
            return null;
        }
        var token = Advance();
        return new NameSyntax(token.Text, token.Span);
    }

    private QualifiedNameSyntax? ParseQualifiedName(string expected)
    {
        var first = ExpectName(expected);
        if (first is null)
            return null;
        var parts = new List<NameSyntax> { first };
        while (At(TokenKind.Dot))
        {
            Advance();
            var next = ExpectName("a name after '.'");
            if (next is null)
                return null;
            parts.Add(next);
        }
        return new QualifiedNameSyntax(parts.ToImmutableEquatableArray(), SpanFrom(first.Span));
    }

    /// <summary>
    /// Expects the <c>;</c> ending a statement. When it is missing but the next member, a
    /// <c>}</c> or a new declaration follows, nothing is skipped: only the <c>;</c> was forgotten.
    /// </summary>
    private void ExpectEndOfStatement(Func<int, bool> isMemberStart)
    {
        if (At(TokenKind.Semicolon))
        {
            Advance();
            return;
        }
        // Reported just after the previous token, where the ';' belongs.
        var end = Previous.Span.EndOffset;
        _diagnostics.Add(SchemaDiagnosticDescriptors.UnexpectedToken, _lines.Span(end, end), "';'", Describe(Current));
        if (At(TokenKind.CloseBrace) || At(TokenKind.EndOfFile) || isMemberStart(0) || IsTopLevelStart(0))
            return;
        RecoverInStatement();
    }

    private void ReportUnexpected(string expected) =>
        _diagnostics.Add(SchemaDiagnosticDescriptors.UnexpectedToken, Current.Span, expected, Describe(Current));

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.String => "\"" + token.Text + "\"",
        _ => "'" + token.Text + "'",
    };

    /// <summary>Skips to the end of a malformed member: past the next <c>;</c>, or up to a <c>}</c> or the next declaration.</summary>
    private void RecoverInStatement()
    {
        while (!At(TokenKind.EndOfFile) && !At(TokenKind.CloseBrace) && !IsTopLevelStart(0))
        {
            if (At(TokenKind.OpenBrace))
            {
                SkipBlock();
                return;
            }
            var wasSemicolon = At(TokenKind.Semicolon);
            Skip();
            if (wasSemicolon)
                return;
        }
    }

    /// <summary>Skips a malformed top-level statement: through its <c>;</c>, <c>}</c> or whole <c>{ … }</c> block.</summary>
    private void RecoverAtTopLevel()
    {
        var first = true;
        while (!At(TokenKind.EndOfFile) && (first || !IsTopLevelStart(0)))
        {
            first = false;
            if (At(TokenKind.OpenBrace))
            {
                SkipBlock();
                return;
            }
            var endsStatement = At(TokenKind.Semicolon) || At(TokenKind.CloseBrace);
            Skip();
            if (endsStatement)
                return;
        }
    }

    private void SkipBlock()
    {
        var depth = 0;
        do
        {
            if (At(TokenKind.OpenBrace))
                depth++;
            else if (At(TokenKind.CloseBrace))
                depth--;
            Skip();
        }
        while (depth > 0 && !At(TokenKind.EndOfFile));
    }

    private bool IsFieldStart(int ahead) =>
        Peek(ahead).Kind == TokenKind.Identifier && Peek(ahead + 1).Kind == TokenKind.Colon;

    private bool IsEnumMemberStart(int ahead) =>
        Peek(ahead).Kind == TokenKind.Identifier && Peek(ahead + 1).Kind == TokenKind.Equals;

    /// <summary><c>message Name {</c>, <c>enum Name :</c> or <c>enum Name {</c> (a field may itself be called <c>message</c>).</summary>
    private bool IsTypeDeclarationStart(int ahead) =>
        Peek(ahead) is { Kind: TokenKind.Identifier, Text: "message" or "enum" }
        && Peek(ahead + 1).Kind == TokenKind.Identifier
        && Peek(ahead + 2).Kind is TokenKind.OpenBrace or TokenKind.Colon;

    private bool IsTopLevelStart(int ahead) =>
        IsTypeDeclarationStart(ahead)
        || (Peek(ahead) is { Kind: TokenKind.Identifier, Text: "package" } && Peek(ahead + 1).Kind == TokenKind.Identifier && Peek(ahead + 2).Kind is TokenKind.Semicolon or TokenKind.Dot)
        || (Peek(ahead) is { Kind: TokenKind.Identifier, Text: "import" } && Peek(ahead + 1).Kind == TokenKind.String);
}
