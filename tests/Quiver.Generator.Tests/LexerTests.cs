using Quiver.Generator.Diagnostics;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Tests;

public class LexerTests
{
    private static (List<Token> Tokens, IReadOnlyList<SchemaDiagnostic> Diagnostics) Lex(string text)
    {
        var diagnostics = new DiagnosticBag();
        var tokens = Lexer.Tokenize(text, new LineMap("f.quiver", text), diagnostics);
        return (tokens, diagnostics.Items);
    }

    [Fact]
    public void Splits_every_kind_of_token()
    {
        var (tokens, diagnostics) = Lex("a_1 42 0xFF \"s\" ; : , . = - ? { } [ ] < >");

        Assert.Empty(diagnostics);
        Assert.Equal(
            [
                TokenKind.Identifier, TokenKind.Integer, TokenKind.Integer, TokenKind.String, TokenKind.Semicolon,
                TokenKind.Colon, TokenKind.Comma, TokenKind.Dot, TokenKind.Equals, TokenKind.Minus, TokenKind.Question,
                TokenKind.OpenBrace, TokenKind.CloseBrace, TokenKind.OpenBracket, TokenKind.CloseBracket,
                TokenKind.LessThan, TokenKind.GreaterThan, TokenKind.EndOfFile,
            ],
            tokens.Select(t => t.Kind));
        Assert.Equal(42, (int)tokens[1].IntegerValue!.Value);
        Assert.Equal(255, (int)tokens[2].IntegerValue!.Value);
        Assert.Equal("s", tokens[3].Text);
    }

    [Fact]
    public void Accepts_the_largest_uint64()
    {
        var (tokens, diagnostics) = Lex("18446744073709551615 0xFFFFFFFFFFFFFFFF");

        Assert.Empty(diagnostics);
        Assert.Equal(ulong.MaxValue, (ulong)tokens[0].IntegerValue!.Value);
        Assert.Equal(ulong.MaxValue, (ulong)tokens[1].IntegerValue!.Value);
    }

    [Fact]
    public void Positions_are_one_based_with_exclusive_ends_for_every_line_ending()
    {
        var (tokens, _) = Lex("\uFEFFab\r\n  cd\n\tef\rgh");

        Assert.Equal(
            ["f.quiver(1,2)-(1,4)", "f.quiver(2,3)-(2,5)", "f.quiver(3,2)-(3,4)", "f.quiver(4,1)-(4,3)", "f.quiver(4,3)-(4,3)"],
            tokens.Select(t => t.Span.ToString()));
        Assert.Equal(7, tokens[1].Span.StartOffset);
        Assert.Equal(9, tokens[1].Span.EndOffset);
    }

    [Fact]
    public void Skips_line_and_block_comments()
    {
        var (tokens, diagnostics) = Lex("a // b c\n/* d\n e */ f /**/ g");

        Assert.Empty(diagnostics);
        Assert.Equal(["a", "f", "g", ""], tokens.Select(t => t.Text));
    }

    [Fact]
    public void Joins_consecutive_doc_lines_and_attaches_them_to_the_next_token()
    {
        var (tokens, _) = Lex("/// First line.\n///   Indented.\n///\n// plain\nmessage");

        var doc = tokens[0].Doc;
        Assert.NotNull(doc);
        Assert.Equal("First line.\n  Indented.\n", doc.Text);
        Assert.Equal("f.quiver(1,1)-(3,4)", doc.Span.ToString());
    }

    [Fact]
    public void Four_slashes_make_a_plain_comment()
    {
        var (tokens, _) = Lex("//// not a doc\nmessage");

        Assert.Null(tokens[0].Doc);
    }

    [Fact]
    public void Reports_bad_characters_and_keeps_going()
    {
        var (tokens, diagnostics) = Lex("a @ b é c 😀 d");

        Assert.Equal(["a", "b", "c", "d", ""], tokens.Select(t => t.Text));
        Assert.Equal(
            ["QVR0003 '@' (1,3)", "QVR0003 'é' (1,7)", "QVR0003 '😀' (1,11)"],
            diagnostics.Select(d => $"{d.Id} '{d.Message.Split('\'')[1]}' ({d.Span.StartLine},{d.Span.StartColumn})"));
        Assert.Equal(13, diagnostics[2].Span.EndColumn);
    }

    [Fact]
    public void A_string_ends_at_the_end_of_its_line()
    {
        var (tokens, diagnostics) = Lex("\"abc\nx");

        Assert.Equal([TokenKind.String, TokenKind.Identifier, TokenKind.EndOfFile], tokens.Select(t => t.Kind));
        Assert.Equal("abc", tokens[0].Text);
        Assert.Equal("QVR0004 Error f.quiver(1,1)-(1,5): unterminated string; expected a closing '\"' on the same line", Assert.Single(diagnostics).ToString());
    }
}
