using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;
using Quiver.Generator.Naming;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Semantics;

/// <summary>A resolved message: its declaration and each field with its type (null where the type had errors).</summary>
internal sealed record CheckedMessage(DeclaredType Declared, MessageSyntax Syntax, List<(FieldSyntax Field, TypeModel? Type)> Fields);

/// <summary>
/// Fields have well-formed, distinct names whose C# forms do not collide, and types that resolve.
/// </summary>
internal static class MessageChecker
{
    public static CheckedMessage Check(DeclaredType declared, MessageSyntax syntax, TypeScope scope, DiagnosticBag diagnostics)
    {
        var resolver = new TypeResolver(scope, diagnostics);
        var names = new Dictionary<string, FieldSyntax>(StringComparer.Ordinal);
        var csharpNames = new Dictionary<string, FieldSyntax>(StringComparer.Ordinal);
        var fields = new List<(FieldSyntax, TypeModel?)>();
        foreach (var field in syntax.Fields)
        {
            var name = field.Name;
            if (names.TryGetValue(name.Text, out var sameName))
                diagnostics.Add(SchemaDiagnosticDescriptors.DuplicateField, name.Span, name.Text, syntax.Name.Text, sameName.Name.Span.StartText());
            else
            {
                names.Add(name.Text, field);
                CheckGeneratedNames(field, syntax.Name.Text, csharpNames, diagnostics);
            }
            fields.Add((field, resolver.Resolve(field.Type)));
        }
        return new CheckedMessage(declared, syntax, fields);
    }

    private static void CheckGeneratedNames(FieldSyntax field, string messageName, Dictionary<string, FieldSyntax> csharpNames, DiagnosticBag diagnostics)
    {
        var name = field.Name;
        if (!NameRules.IsSnakeCase(name.Text))
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.InvalidName, name.Span, "field", name.Text, NameRules.SnakeCaseExpectation);
            return;
        }
        var csharp = NameMapping.ToCSharpPropertyName(name.Text, messageName);
        if (csharpNames.TryGetValue(csharp, out var other))
            diagnostics.Add(SchemaDiagnosticDescriptors.GeneratedNameCollision, name.Span, name.Text, csharp, other.Name.Text);
        else
            csharpNames.Add(csharp, field);
    }
}
