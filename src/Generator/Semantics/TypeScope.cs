using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Semantics;

/// <summary>
/// The enums and messages one file can name: its own and those of the files it imports directly.
/// A type of the file's package is named with or without its package; any other with it.
/// </summary>
internal sealed class TypeScope
{
    private const string Expectation =
        "expected a built-in type such as int32, float64, string or bytes, or an enum or message declared in this file or an imported file";

    private readonly BoundFile _file;
    private readonly DeclarationTable _table;
    private readonly Dictionary<QualifiedName, DeclaredType> _visible = [];

    public TypeScope(BoundFile file, DeclarationTable table)
    {
        _file = file;
        _table = table;
        foreach (var declared in file.Types.Concat(file.Imports.SelectMany(i => i.Target.Types)))
            _visible[declared.Name] = declared;
    }

    /// <summary>The declaration <paramref name="name"/> refers to, or null after reporting why there is none.</summary>
    public DeclaredType? Find(QualifiedNameSyntax name, DiagnosticBag diagnostics)
    {
        var written = name.Text;
        var fullName = name.Parts.Count == 1
            ? new QualifiedName(_file.Package, written)
            : new QualifiedName(string.Join(".", name.Parts.Take(name.Parts.Count - 1).Select(p => p.Text)), name.Parts[name.Parts.Count - 1].Text);
        if (_visible.TryGetValue(fullName, out var found))
            return found;

        if (_table.Find(fullName) is { } hidden)
        {
            diagnostics.Add(
                SchemaDiagnosticDescriptors.TypeNotImported,
                name.Span,
                written,
                hidden.File.DisplayPath,
                SchemaPath.Relative(_file.Path, hidden.File.Path));
            return null;
        }

        diagnostics.Add(SchemaDiagnosticDescriptors.UnknownType, name.Span, written, Hint(name));
        return null;
    }

    private string Hint(QualifiedNameSyntax name)
    {
        var written = name.Text;
        if (name.Parts.Count == 1)
        {
            // The right name in another package, written without its package.
            var elsewhere = _visible.Keys
                .Where(k => k.Name == written)
                .Select(k => k.ToString())
                .OrderBy(k => k, StringComparer.Ordinal)
                .FirstOrDefault();
            if (elsewhere is not null)
                return $"did you mean '{elsewhere}'?";
        }
        var spellings = _visible.Keys
            .SelectMany(k => k.Package == _file.Package ? new[] { k.Name, k.ToString() } : [k.ToString()])
            .Concat(BuiltinTypes.Names);
        return NameSuggestions.Closest(written, spellings) is { } suggestion
            ? $"did you mean '{suggestion}'?"
            : Expectation;
    }
}
