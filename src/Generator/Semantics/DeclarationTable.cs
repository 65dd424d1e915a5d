using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;
using Quiver.Generator.Naming;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Semantics;

/// <summary>Every enum and message of the set by full name; the first declaration of a name wins.</summary>
internal sealed class DeclarationTable
{
    private readonly Dictionary<QualifiedName, DeclaredType> _byName = [];

    /// <summary>Every declaration in file and source order, duplicates included so their bodies are still checked.</summary>
    public List<DeclaredType> All { get; } = [];

    public static DeclarationTable Build(IReadOnlyList<BoundFile> files, DiagnosticBag diagnostics)
    {
        var table = new DeclarationTable();
        foreach (var file in files)
        {
            foreach (var declaration in file.Syntax.Declarations)
            {
                var kind = declaration is EnumSyntax ? "enum" : "message";
                var name = declaration.Name;
                if (!NameRules.IsPascalCase(name.Text))
                    diagnostics.Add(SchemaDiagnosticDescriptors.InvalidName, name.Span, kind, name.Text, NameRules.PascalCaseExpectation);
                var declared = new DeclaredType(new QualifiedName(file.Package, name.Text), declaration, file);
                table.All.Add(declared);
                if (table._byName.TryGetValue(declared.Name, out var existing))
                {
                    diagnostics.Add(SchemaDiagnosticDescriptors.DuplicateType, name.Span, declared.Name, existing.Syntax.Name.Span.StartText());
                    continue;
                }
                table._byName.Add(declared.Name, declared);
                file.Types.Add(declared);
            }
        }
        return table;
    }

    public DeclaredType? Find(QualifiedName name) => _byName.TryGetValue(name, out var declared) ? declared : null;
}
