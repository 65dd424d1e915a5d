using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Semantics;

/// <summary>Turns a field's <see cref="TypeSyntax"/> into a <see cref="TypeModel"/>, reporting what is wrong with it.</summary>
internal sealed class TypeResolver(TypeScope scope, DiagnosticBag diagnostics)
{
    private const string TimestampExpectation = "timestamp<unit> or timestamp<unit, \"time zone\">, with unit s, ms, us or ns";
    private const string DurationExpectation = "duration<unit>, with unit s, ms, us or ns";
    private const string DecimalExpectation = "decimal<precision, scale>, two integers, as in 'decimal<18, 2>'";
    private const string MapExpectation = "map<key type, value type>, as in 'map<string, float64>'";
    private const string DictionaryExpectation = "dict<string>: dictionary-encoded strings";

    /// <summary>The resolved type, or null when it has errors (all of them reported).</summary>
    public TypeModel? Resolve(TypeSyntax syntax) => syntax switch
    {
        NullableTypeSyntax nullable => ResolveNullable(nullable),
        ArrayTypeSyntax array => ResolveArray(array),
        NamedTypeSyntax named => ResolveNamed(named),
        _ => throw new InvalidOperationException($"Unknown type syntax {syntax.GetType().Name}."),
    };

    private TypeModel? ResolveNullable(NullableTypeSyntax nullable)
    {
        if (nullable.Inner is NullableTypeSyntax)
        {
            // The span ends with the second '?', which is one character on one line.
            var end = nullable.Span;
            var mark = end with { StartOffset = end.EndOffset - 1, StartLine = end.EndLine, StartColumn = end.EndColumn - 1 };
            diagnostics.Add(SchemaDiagnosticDescriptors.RedundantNullable, mark);
        }
        return Resolve(nullable.Inner) is { } inner ? inner with { IsNullable = true } : null;
    }

    private TypeModel? ResolveArray(ArrayTypeSyntax array)
    {
        if (array.Size is null)
            return Resolve(array.Element) is { } item ? new ListTypeModel(item, false) : null;

        var isBinary = array.Element is NamedTypeSyntax { Arguments.Count: 0, Name.Parts.Count: 1, Name.Text: "bytes" };
        var size = CheckSize(array.Size, isBinary ? "bytes[N]" : "T[N]");
        if (isBinary)
            return size is { } width ? new FixedSizeBinaryTypeModel(width, false) : null;
        var element = Resolve(array.Element);
        return element is not null && size is { } count ? new FixedSizeListTypeModel(element, count, false) : null;
    }

    private int? CheckSize(IntegerSyntax size, string what)
    {
        if (size.Value is not { } value)
            return null;
        if (value < 1 || value > int.MaxValue)
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.SizeOutOfRange, size.Span, size.Text, what);
            return null;
        }
        return (int)value;
    }

    private TypeModel? ResolveNamed(NamedTypeSyntax named)
    {
        var text = named.Name.Text;
        if (named.Name.Parts.Count == 1)
        {
            if (BuiltinTypes.TryGetPrimitive(text, out var kind))
                return NoArguments(named) ? new PrimitiveTypeModel(kind, false) : null;
            if (text == BuiltinTypes.Timestamp)
                return ResolveTimestamp(named);
            if (text == BuiltinTypes.Duration)
                return ResolveDuration(named);
            if (text == BuiltinTypes.Decimal)
                return ResolveDecimal(named);
            if (text == BuiltinTypes.Map)
                return ResolveMap(named);
            if (text == BuiltinTypes.Dictionary)
                return ResolveDictionary(named);
        }

        var declared = scope.Find(named.Name, diagnostics);
        if (declared is null || !NoArguments(named))
            return null;
        if (declared.Syntax is MessageSyntax)
            return new MessageTypeModel(declared.Name, false);
        // An enum whose base type is invalid was reported at the enum; its uses stay quiet.
        return declared.EnumBase is { } baseType ? new EnumTypeModel(declared.Name, baseType, false) : null;
    }

    private bool NoArguments(NamedTypeSyntax named)
    {
        if (named.Arguments.Count == 0)
            return true;
        diagnostics.Add(SchemaDiagnosticDescriptors.InvalidTypeArguments, named.Span, named.Name.Text, $"no type arguments, as in '{named.Name.Text}'");
        return false;
    }

    private TypeModel? ResolveTimestamp(NamedTypeSyntax named)
    {
        var arguments = named.Arguments;
        if (arguments.Count is not (1 or 2) || arguments[0].IsString || (arguments.Count == 2 && !arguments[1].IsString))
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.InvalidTypeArguments, named.Span, BuiltinTypes.Timestamp, TimestampExpectation);
            return null;
        }
        var unit = ResolveUnit(arguments[0]);
        string? timeZone = null;
        if (arguments.Count == 2)
        {
            timeZone = arguments[1].Text;
            if (!TimeZoneRule.IsValid(timeZone))
            {
                diagnostics.Add(SchemaDiagnosticDescriptors.InvalidTimeZone, arguments[1].Span, timeZone);
                return null;
            }
        }
        return unit is { } valid ? new TimestampTypeModel(valid, timeZone, false) : null;
    }

    private TypeModel? ResolveDuration(NamedTypeSyntax named)
    {
        if (named.Arguments.Count != 1 || named.Arguments[0].IsString)
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.InvalidTypeArguments, named.Span, BuiltinTypes.Duration, DurationExpectation);
            return null;
        }
        return ResolveUnit(named.Arguments[0]) is { } unit ? new DurationTypeModel(unit, false) : null;
    }

    private TypeModel? ResolveDecimal(NamedTypeSyntax named)
    {
        var arguments = named.Arguments;
        if (arguments.Count != 2 || !arguments[0].IsInteger || !arguments[1].IsInteger)
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.InvalidTypeArguments, named.Span, BuiltinTypes.Decimal, DecimalExpectation);
            return null;
        }
        // The lexer reported malformed numbers.
        if (arguments[0].IntegerValue is not { } precision || arguments[1].IntegerValue is not { } scale)
            return null;
        if (precision < 1 || precision > DecimalTypeModel.MaxPrecision)
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.DecimalPrecisionOutOfRange, arguments[0].Span, arguments[0].Text);
            return null;
        }
        if (scale > precision)
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.DecimalScaleOutOfRange, arguments[1].Span, arguments[1].Text, arguments[0].Text);
            return null;
        }
        return new DecimalTypeModel((int)precision, (int)scale, false);
    }

    private TypeModel? ResolveMap(NamedTypeSyntax named)
    {
        var arguments = named.Arguments;
        if (arguments.Count != 2 || arguments[0].Type is not { } keySyntax || arguments[1].Type is not { } valueSyntax)
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.InvalidTypeArguments, named.Span, BuiltinTypes.Map, MapExpectation);
            return null;
        }
        var key = Resolve(keySyntax);
        var value = Resolve(valueSyntax);
        if (key is null || value is null)
            return null;
        if (key.IsNullable)
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.NullableMapKey, keySyntax.Span, TypeSyntaxText.Format(keySyntax).TrimEnd('?'));
            return null;
        }
        if (key is not (PrimitiveTypeModel { Kind: PrimitiveKind.Bool or PrimitiveKind.String } or EnumTypeModel) && !(key is PrimitiveTypeModel p && BuiltinTypes.IsInteger(p.Kind)))
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.InvalidMapKey, keySyntax.Span, TypeSyntaxText.Format(keySyntax));
            return null;
        }
        return new MapTypeModel(key, value, false);
    }

    private TypeModel? ResolveDictionary(NamedTypeSyntax named)
    {
        if (named.Arguments.Count != 1 || named.Arguments[0].Type is not NamedTypeSyntax { Arguments.Count: 0, Name.Parts.Count: 1, Name.Text: "string" })
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.InvalidTypeArguments, named.Span, BuiltinTypes.Dictionary, DictionaryExpectation);
            return null;
        }
        return new DictionaryTypeModel(false);
    }

    private TimeUnit? ResolveUnit(TypeArgumentSyntax argument)
    {
        if (BuiltinTypes.TryParseTimeUnit(argument.Text, out var unit))
            return unit;
        diagnostics.Add(SchemaDiagnosticDescriptors.UnknownTimeUnit, argument.Span, argument.Text);
        return null;
    }
}
