using System.Numerics;
using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;

namespace Quiver.Generator.Syntax;

/// <summary>Types and integer literals.</summary>
internal sealed partial class Parser
{
    private const string ExpectedType = "a type, such as 'float64', 'string', 'geometry.Pose' or 'timestamp<ns>'";

    private TypeSyntax? ParseType()
    {
        if (!At(TokenKind.Identifier))
        {
            ReportUnexpected(ExpectedType);
            return null;
        }
        var start = Current.Span;
        var name = ParseQualifiedName(ExpectedType);
        if (name is null)
            return null;
        var arguments = ImmutableEquatableArray<TypeArgumentSyntax>.Empty;
        if (At(TokenKind.LessThan))
        {
            var parsed = ParseTypeArguments();
            if (parsed is null)
                return null;
            arguments = parsed;
        }
        TypeSyntax type = new NamedTypeSyntax(name, arguments, SpanFrom(start));
        var depth = 0;
        while (At(TokenKind.OpenBracket) || At(TokenKind.Question))
        {
            if (++depth == MaxTypeDepth + 1)
                _diagnostics.Add(SchemaDiagnosticDescriptors.TypeNestedTooDeeply, Current.Span, MaxTypeDepth);
            var suffix = ParseTypeSuffix(type, start);
            if (suffix is null)
                return null;
            // Past the limit the suffixes are still read (to find the ';') but not nested further.
            if (depth <= MaxTypeDepth)
                type = suffix;
        }
        return type;
    }

    private TypeSyntax? ParseTypeSuffix(TypeSyntax element, SourceSpan start)
    {
        if (At(TokenKind.Question))
        {
            Advance();
            return new NullableTypeSyntax(element, SpanFrom(start));
        }
        Advance();
        IntegerSyntax? size = null;
        if (!At(TokenKind.CloseBracket))
        {
            size = ParseInteger("']' for a list, or a size and ']' for a fixed-size list, as in 'float32[3]'");
            if (size is null)
                return null;
        }
        if (!Expect(TokenKind.CloseBracket, "']'"))
            return null;
        return new ArrayTypeSyntax(element, size, SpanFrom(start));
    }

    private ImmutableEquatableArray<TypeArgumentSyntax>? ParseTypeArguments()
    {
        Advance();
        var arguments = new List<TypeArgumentSyntax>();
        while (true)
        {
            if (At(TokenKind.Identifier))
            {
                var type = ParseType();
                if (type is null)
                    return null;
                arguments.Add(new TypeArgumentSyntax(TypeSyntaxText.Format(type), false, type.Span, type));
            }
            else if (At(TokenKind.String) || At(TokenKind.Integer))
            {
                var token = Advance();
                arguments.Add(new TypeArgumentSyntax(token.Text, token.Kind == TokenKind.String, token.Span) { IntegerValue = token.IntegerValue });
            }
            else
            {
                ReportUnexpected("a type, a number, a time unit (s, ms, us, ns) or a quoted time zone");
                return null;
            }
            if (At(TokenKind.GreaterThan))
            {
                Advance();
                return arguments.ToImmutableEquatableArray();
            }
            if (!Expect(TokenKind.Comma, "',' or '>'"))
                return null;
        }
    }

    /// <summary>An optionally negative integer literal; null (reported) when there is none.</summary>
    private IntegerSyntax? ParseInteger(string expected)
    {
        var start = Current.Span;
        var negative = At(TokenKind.Minus);
        if (negative)
            Advance();
        if (!At(TokenKind.Integer))
        {
            ReportUnexpected(expected);
            return null;
        }
        var literal = Advance();
        BigInteger? value = literal.IntegerValue is { } magnitude ? (negative ? -magnitude : magnitude) : null;
        return new IntegerSyntax((negative ? "-" : "") + literal.Text, value, SpanFrom(start));
    }
}
