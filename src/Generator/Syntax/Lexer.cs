using System.Numerics;
using Quiver.Generator.Diagnostics;

namespace Quiver.Generator.Syntax;

/// <summary>
/// Splits schema text into tokens. Never fails: a bad character, string, comment or number is
/// reported and skipped (or kept as a best-effort token) so the parser still sees the rest.
/// </summary>
internal sealed class Lexer
{
    private static readonly BigInteger MaxInteger = ulong.MaxValue;

    private readonly string _text;
    private readonly LineMap _lines;
    private readonly DiagnosticBag _diagnostics;
    private readonly List<Token> _tokens = [];
    private readonly List<string> _docLines = [];
    private int _docStart = -1;
    private int _docEnd;
    private int _position;

    private Lexer(string text, LineMap lines, DiagnosticBag diagnostics)
    {
        _text = text;
        _lines = lines;
        _diagnostics = diagnostics;
    }

    /// <summary>The tokens of <paramref name="text"/>, always ending with one end-of-file token.</summary>
    public static List<Token> Tokenize(string text, LineMap lines, DiagnosticBag diagnostics)
    {
        var lexer = new Lexer(text, lines, diagnostics);
        lexer.Run();
        return lexer._tokens;
    }

    private char Current => _position < _text.Length ? _text[_position] : '\0';

    private char Peek(int ahead) => _position + ahead < _text.Length ? _text[_position + ahead] : '\0';

    private bool AtEnd => _position >= _text.Length;

    private void Run()
    {
        while (true)
        {
            SkipTrivia();
            if (AtEnd)
            {
                Emit(TokenKind.EndOfFile, _position, _position);
                return;
            }
            ReadToken();
        }
    }

    private void SkipTrivia()
    {
        while (!AtEnd)
        {
            var c = Current;
            if (c is ' ' or '\t' or '\r' or '\n' or '\f' or '\v' or '\uFEFF')
                _position++;
            else if (c == '/' && Peek(1) == '/')
                ReadLineComment();
            else if (c == '/' && Peek(1) == '*')
                ReadBlockComment();
            else
                return;
        }
    }

    private void ReadLineComment()
    {
        var start = _position;
        while (!AtEnd && Current is not ('\r' or '\n'))
            _position++;
        var line = _text.Substring(start, _position - start);
        // Exactly three slashes make a doc comment; "////" is a plain comment, as in C#.
        if (line.StartsWith("///", StringComparison.Ordinal) && !line.StartsWith("////", StringComparison.Ordinal))
        {
            var content = line.Substring(3);
            if (content.StartsWith(" ", StringComparison.Ordinal))
                content = content.Substring(1);
            if (_docStart < 0)
                _docStart = start;
            _docEnd = _position;
            _docLines.Add(content.TrimEnd());
        }
    }

    private void ReadBlockComment()
    {
        var start = _position;
        _position += 2;
        while (!AtEnd && !(Current == '*' && Peek(1) == '/'))
            _position++;
        if (AtEnd)
        {
            _diagnostics.Add(SchemaDiagnosticDescriptors.UnterminatedComment, _lines.Span(start, start + 2));
            return;
        }
        _position += 2;
    }

    private void ReadToken()
    {
        var start = _position;
        var c = Current;
        if (IsIdentifierStart(c))
        {
            while (IsIdentifierPart(Current))
                _position++;
            Emit(TokenKind.Identifier, start, _position);
            return;
        }
        if (c is >= '0' and <= '9')
        {
            ReadNumber(start);
            return;
        }
        if (c == '"')
        {
            ReadString(start);
            return;
        }
        var kind = c switch
        {
            ';' => TokenKind.Semicolon,
            ':' => TokenKind.Colon,
            ',' => TokenKind.Comma,
            '.' => TokenKind.Dot,
            '=' => TokenKind.Equals,
            '-' => TokenKind.Minus,
            '?' => TokenKind.Question,
            '{' => TokenKind.OpenBrace,
            '}' => TokenKind.CloseBrace,
            '[' => TokenKind.OpenBracket,
            ']' => TokenKind.CloseBracket,
            '<' => TokenKind.LessThan,
            '>' => TokenKind.GreaterThan,
            _ => (TokenKind?)null,
        };
        if (kind is { } punctuation)
        {
            _position++;
            Emit(punctuation, start, _position);
            return;
        }
        // A character outside the language: report it once (a surrogate pair as one character) and go on.
        var length = char.IsHighSurrogate(c) && char.IsLowSurrogate(Peek(1)) ? 2 : 1;
        _position += length;
        _diagnostics.Add(SchemaDiagnosticDescriptors.UnexpectedCharacter, _lines.Span(start, _position), _text.Substring(start, length));
    }

    private void ReadNumber(int start)
    {
        while (IsIdentifierPart(Current))
            _position++;
        var text = _text.Substring(start, _position - start);
        var span = _lines.Span(start, _position);
        var value = ParseInteger(text);
        if (value is null)
            _diagnostics.Add(SchemaDiagnosticDescriptors.InvalidNumber, span, text);
        else if (value.Value > MaxInteger)
        {
            _diagnostics.Add(SchemaDiagnosticDescriptors.NumberTooLarge, span, text);
            value = null;
        }
        Emit(TokenKind.Integer, start, _position, text, value);
    }

    /// <summary>The value of a decimal or 0x-hexadecimal literal, or null when it is malformed.</summary>
    private static BigInteger? ParseInteger(string text)
    {
        var isHex = text.Length > 2 && text[0] == '0' && text[1] is 'x' or 'X';
        var digits = isHex ? text.Substring(2) : text;
        var radix = isHex ? 16 : 10;
        var value = BigInteger.Zero;
        foreach (var c in digits)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' when isHex => c - 'a' + 10,
                >= 'A' and <= 'F' when isHex => c - 'A' + 10,
                _ => -1,
            };
            if (digit < 0)
                return null;
            value = (value * radix) + digit;
            // Stop growing past the limit so a huge literal costs nothing; the caller reports it as too large.
            if (value > MaxInteger)
                return value;
        }
        return value;
    }

    private void ReadString(int start)
    {
        _position++;
        var content = new System.Text.StringBuilder();
        while (!AtEnd && Current is not ('"' or '\r' or '\n'))
        {
            if (Current == '\\')
                _diagnostics.Add(SchemaDiagnosticDescriptors.EscapeInString, _lines.Span(_position, _position + 1));
            content.Append(Current);
            _position++;
        }
        if (Current == '"')
            _position++;
        else
            _diagnostics.Add(SchemaDiagnosticDescriptors.UnterminatedString, _lines.Span(start, _position));
        Emit(TokenKind.String, start, _position, content.ToString());
    }

    private void Emit(TokenKind kind, int start, int end, string? text = null, BigInteger? value = null)
    {
        DocComment? doc = null;
        if (_docLines.Count > 0)
        {
            doc = new DocComment(string.Join("\n", _docLines), _lines.Span(_docStart, _docEnd));
            _docLines.Clear();
            _docStart = -1;
        }
        _tokens.Add(new Token(kind, text ?? _text.Substring(start, end - start), _lines.Span(start, end), value, doc));
    }

    private static bool IsIdentifierStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_';

    private static bool IsIdentifierPart(char c) => IsIdentifierStart(c) || c is >= '0' and <= '9';
}
