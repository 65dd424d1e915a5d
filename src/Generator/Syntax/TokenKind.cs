namespace Quiver.Generator.Syntax;

public enum TokenKind
{
    EndOfFile,
    Identifier,
    Integer,
    String,
    Semicolon,
    Colon,
    Comma,
    Dot,
    Equals,
    Minus,
    Question,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,
    LessThan,
    GreaterThan,
}
