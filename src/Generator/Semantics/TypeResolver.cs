using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Semantics;

/// <summary>Turns a field's <see cref="TypeSyntax"/> into a <see cref="TypeModel"/>, reporting what is wrong with it.</summary>
internal sealed class TypeResolver(TypeScope scope, DiagnosticBag diagnostics)
{
    private const string TimestampExpectation = "timestamp<unit> or timestamp<unit, \"time zone\">, with unit s, ms, us or ns";
    private const string DurationExpectation = "duration<unit>, with unit s, ms, us or ns";

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

    private TimeUnit? ResolveUnit(TypeArgumentSyntax argument)
    {
        if (BuiltinTypes.TryParseTimeUnit(argument.Text, out var unit))
            return unit;
        diagnostics.Add(SchemaDiagnosticDescriptors.UnknownTimeUnit, argument.Span, argument.Text);
        return null;
    }
}
