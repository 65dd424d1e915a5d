using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;

namespace Quiver.Generator.Syntax;

/// <summary>
/// Recursive-descent parser for one schema file. On a syntax error it reports one diagnostic and
/// skips to the next <c>;</c> or <c>}</c> (a <c>{ … }</c> block is skipped whole), so one file
/// reports all its independent errors in one pass.
/// </summary>
internal sealed partial class Parser
{
    /// <summary>How many <c>[]</c>, <c>[N]</c> and <c>?</c> one type may stack; later phases walk types recursively.</summary>
    internal const int MaxTypeDepth = 32;

    private readonly List<Token> _tokens;
    private readonly LineMap _lines;
    private readonly DiagnosticBag _diagnostics;
    private int _index;
    private int _docClaimedAt = -1;

    private Parser(List<Token> tokens, LineMap lines, DiagnosticBag diagnostics)
    {
        _tokens = tokens;
        _lines = lines;
        _diagnostics = diagnostics;
    }

    public static SchemaFileSyntax Parse(string path, List<Token> tokens, LineMap lines, DiagnosticBag diagnostics) =>
        new Parser(tokens, lines, diagnostics).ParseFile(path);

    private Token Current => _tokens[_index];

    private Token Previous => _tokens[Math.Max(_index - 1, 0)];

    private Token Peek(int ahead) => _tokens[Math.Min(_index + ahead, _tokens.Count - 1)];

    private bool At(TokenKind kind) => Current.Kind == kind;

    private bool AtKeyword(string keyword) => Current.Kind == TokenKind.Identifier && Current.Text == keyword;

    private SchemaFileSyntax ParseFile(string path)
    {
        var packages = new List<PackageSyntax>();
        var imports = new List<ImportSyntax>();
        var declarations = new List<TypeDeclarationSyntax>();
        while (!At(TokenKind.EndOfFile))
        {
            if (AtKeyword("package"))
                Add(packages, ParsePackage());
            else if (AtKeyword("import"))
                Add(imports, ParseImport());
            else if (AtKeyword("enum"))
                Add(declarations, ParseEnum());
            else if (AtKeyword("message"))
                Add(declarations, ParseMessage());
            else if (At(TokenKind.Semicolon))
                Advance();
            else
            {
                ReportUnexpected("'package', 'import', 'enum' or 'message'");
                RecoverAtTopLevel();
            }
        }
        if (Current.Doc is { } doc)
            _diagnostics.Add(SchemaDiagnosticDescriptors.DetachedDocComment, doc.Span);
        return new SchemaFileSyntax(
            path,
            packages.ToImmutableEquatableArray(),
            imports.ToImmutableEquatableArray(),
            declarations.ToImmutableEquatableArray());
    }

    private static void Add<T>(List<T> list, T? item)
        where T : class
    {
        if (item is not null)
            list.Add(item);
    }

    private PackageSyntax? ParsePackage()
    {
        var keyword = Advance();
        var name = ParseQualifiedName("a package name, as in 'package geometry;'");
        if (name is null)
        {
            RecoverInStatement();
            return null;
        }
        ExpectEndOfStatement(static _ => false);
        return new PackageSyntax(name, SpanFrom(keyword.Span));
    }

    private ImportSyntax? ParseImport()
    {
        var keyword = Advance();
        if (!At(TokenKind.String))
        {
            ReportUnexpected("a quoted file path, as in 'import \"geometry.quiver\";'");
            RecoverInStatement();
            return null;
        }
        var path = Advance();
        ExpectEndOfStatement(static _ => false);
        return new ImportSyntax(path.Text, path.Span, SpanFrom(keyword.Span));
    }

    private EnumSyntax? ParseEnum()
    {
        var doc = TakeDoc();
        var keyword = Advance();
        var name = ExpectName("an enum name");
        if (name is null)
        {
            RecoverAtTopLevel();
            return null;
        }
        TypeSyntax? baseType = null;
        if (At(TokenKind.Colon))
        {
            Advance();
            baseType = ParseType();
        }
        else
            ReportUnexpected("':' and the enum's integer base type, as in 'enum Color : uint8 {'");
        if (!SkipToBody())
            return null;
        var members = new List<EnumMemberSyntax>();
        ParseBody(() => Add(members, ParseEnumMember()), IsEnumMemberStart);
        return new EnumSyntax(name, baseType, members.ToImmutableEquatableArray(), doc, SpanFrom(keyword.Span));
    }

    private EnumMemberSyntax? ParseEnumMember()
    {
        var doc = TakeDoc();
        var name = ExpectName("an enum member name");
        if (name is null)
        {
            RecoverInStatement();
            return null;
        }
        IntegerSyntax? value = null;
        if (At(TokenKind.Equals))
        {
            Advance();
            value = ParseInteger("the member's integer value, as in 'Red = 0;'");
            if (value is null)
            {
                RecoverInStatement();
                return new EnumMemberSyntax(name, null, doc, SpanFrom(name.Span));
            }
        }
        else
        {
            ReportUnexpected("'=' and the member's value, as in 'Red = 0;'");
            RecoverInStatement();
            return new EnumMemberSyntax(name, null, doc, SpanFrom(name.Span));
        }
        ExpectEndOfStatement(IsEnumMemberStart);
        return new EnumMemberSyntax(name, value, doc, SpanFrom(name.Span));
    }

    private MessageSyntax? ParseMessage()
    {
        var doc = TakeDoc();
        var keyword = Advance();
        var name = ExpectName("a message name");
        if (name is null)
        {
            RecoverAtTopLevel();
            return null;
        }
        if (!At(TokenKind.OpenBrace))
        {
            ReportUnexpected("'{' and the message's fields");
            if (!SkipToBody())
                return null;
        }
        var fields = new List<FieldSyntax>();
        ParseBody(() => Add(fields, ParseField()), IsFieldStart);
        return new MessageSyntax(name, fields.ToImmutableEquatableArray(), doc, SpanFrom(keyword.Span));
    }

    private FieldSyntax? ParseField()
    {
        var doc = TakeDoc();
        var name = ExpectName("a field name");
        if (name is null || !Expect(TokenKind.Colon, "':' and the field's type, as in 'x: float64;'"))
        {
            RecoverInStatement();
            return null;
        }
        var type = ParseType();
        if (type is null)
        {
            RecoverInStatement();
            return null;
        }
        ExpectEndOfStatement(IsFieldStart);
        return new FieldSyntax(name, type, doc, SpanFrom(name.Span));
    }

    /// <summary>
    /// Parses <c>{ member* }</c>. A missing <c>}</c> before the next top-level declaration is
    /// reported without swallowing that declaration.
    /// </summary>
    private void ParseBody(Action parseMember, Func<int, bool> isMemberStart)
    {
        Advance();
        while (!At(TokenKind.CloseBrace) && !At(TokenKind.EndOfFile))
        {
            if (IsTypeDeclarationStart(0))
            {
                ReportUnexpected("'}'");
                return;
            }
            var before = _index;
            parseMember();
            // Guarantees progress when a member fails without consuming anything.
            if (_index == before && !isMemberStart(0))
                Skip();
        }
        Expect(TokenKind.CloseBrace, "'}'");
    }

    /// <summary>After a malformed declaration header, moves to its <c>{</c>; false when there is none.</summary>
    private bool SkipToBody()
    {
        while (!At(TokenKind.OpenBrace))
        {
            if (At(TokenKind.EndOfFile) || IsTopLevelStart(0))
                return false;
            if (At(TokenKind.Semicolon) || At(TokenKind.CloseBrace))
            {
                Skip();
                return false;
            }
            Skip();
        }
        return true;
    }
}
