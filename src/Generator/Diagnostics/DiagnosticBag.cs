using Quiver.Generator.Model;

namespace Quiver.Generator.Diagnostics;

/// <summary>Collects the diagnostics of one compiler phase.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<SchemaDiagnostic> _items = [];

    public IReadOnlyList<SchemaDiagnostic> Items => _items;

    public void Add(SchemaDiagnosticDescriptor descriptor, SourceSpan span, params object[] arguments) =>
        _items.Add(descriptor.Create(span, arguments));

    public void AddRange(IEnumerable<SchemaDiagnostic> diagnostics) => _items.AddRange(diagnostics);
}
