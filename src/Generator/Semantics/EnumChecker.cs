using System.Numerics;
using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;
using Quiver.Generator.Naming;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Semantics;

/// <summary>An enum has an integer base type and at least one member; members have distinct names and distinct values that fit the base type.</summary>
internal static class EnumChecker
{
    public static void Check(DeclaredType declared, EnumSyntax syntax, DiagnosticBag diagnostics)
    {
        declared.EnumBase = CheckBase(syntax.BaseType, diagnostics);
        if (syntax.Members.Count == 0)
            diagnostics.Add(SchemaDiagnosticDescriptors.EmptyEnum, syntax.Name.Span, syntax.Name.Text);

        var names = new Dictionary<string, EnumMemberSyntax>(StringComparer.Ordinal);
        var values = new Dictionary<BigInteger, EnumMemberSyntax>();
        foreach (var member in syntax.Members)
        {
            var name = member.Name;
            if (!NameRules.IsPascalCase(name.Text))
                diagnostics.Add(SchemaDiagnosticDescriptors.InvalidName, name.Span, "enum member", name.Text, NameRules.PascalCaseExpectation);
            if (names.TryGetValue(name.Text, out var sameName))
                diagnostics.Add(SchemaDiagnosticDescriptors.DuplicateEnumMember, name.Span, name.Text, syntax.Name.Text, sameName.Name.Span.StartText());
            else
                names.Add(name.Text, member);

            if (member.Value is not { Value: { } value } literal)
                continue;
            if (declared.EnumBase is { } baseType && !Fits(value, baseType, out var min, out var max))
                diagnostics.Add(SchemaDiagnosticDescriptors.EnumValueOutOfRange, literal.Span, literal.Text, name.Text, BuiltinTypes.SchemaName(baseType), min, max);
            if (values.TryGetValue(value, out var sameValue))
                diagnostics.Add(SchemaDiagnosticDescriptors.DuplicateEnumValue, literal.Span, name.Text, literal.Text, sameValue.Name.Text);
            else
                values.Add(value, member);
        }
    }

    private static PrimitiveKind? CheckBase(TypeSyntax? baseType, DiagnosticBag diagnostics)
    {
        if (baseType is null)
            return null;
        if (baseType is NamedTypeSyntax { Arguments.Count: 0, Name.Parts.Count: 1 } named
            && BuiltinTypes.TryGetPrimitive(named.Name.Text, out var kind)
            && BuiltinTypes.IsInteger(kind))
            return kind;
        diagnostics.Add(SchemaDiagnosticDescriptors.InvalidEnumBase, baseType.Span, TypeSyntaxText.Format(baseType));
        return null;
    }

    private static bool Fits(BigInteger value, PrimitiveKind kind, out BigInteger min, out BigInteger max)
    {
        (min, max) = kind switch
        {
            PrimitiveKind.Int8 => (sbyte.MinValue, sbyte.MaxValue),
            PrimitiveKind.Int16 => (short.MinValue, short.MaxValue),
            PrimitiveKind.Int32 => (int.MinValue, int.MaxValue),
            PrimitiveKind.Int64 => (long.MinValue, long.MaxValue),
            PrimitiveKind.UInt8 => (byte.MinValue, byte.MaxValue),
            PrimitiveKind.UInt16 => (ushort.MinValue, ushort.MaxValue),
            PrimitiveKind.UInt32 => (uint.MinValue, uint.MaxValue),
            _ => (BigInteger.Zero, new BigInteger(ulong.MaxValue)),
        };
        return value >= min && value <= max;
    }
}
