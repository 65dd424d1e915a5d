namespace Quiver.Generator.Syntax;

/// <summary>A type written back as schema text, for messages (<c>uint8?</c>, <c>timestamp&lt;ns, "UTC"&gt;</c>).</summary>
internal static class TypeSyntaxText
{
    public static string Format(TypeSyntax type) => type switch
    {
        NullableTypeSyntax nullable => Format(nullable.Inner) + "?",
        ArrayTypeSyntax array => Format(array.Element) + "[" + array.Size?.Text + "]",
        NamedTypeSyntax { Arguments.Count: 0 } named => named.Name.Text,
        NamedTypeSyntax named => named.Name.Text + "<" + string.Join(", ", named.Arguments.Select(a => a.IsString ? "\"" + a.Text + "\"" : a.Text)) + ">",
        _ => type.ToString(),
    };
}
