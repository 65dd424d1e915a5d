using Quiver.Generator.Diagnostics;

namespace Quiver.Generator.Semantics;

/// <summary>Links each import to a file of the set, and rejects missing, repeated and cyclic imports.</summary>
internal static class ImportResolver
{
    public static void Resolve(IReadOnlyList<BoundFile> files, DiagnosticBag diagnostics)
    {
        var byPath = new Dictionary<string, BoundFile>(StringComparer.Ordinal);
        foreach (var file in files)
            byPath[file.Path] = file;

        foreach (var file in files)
        {
            var seen = new Dictionary<string, Syntax.ImportSyntax>(StringComparer.Ordinal);
            foreach (var import in file.Syntax.Imports)
            {
                var path = SchemaPath.ResolveImport(file.Path, import.Path);
                if (!byPath.TryGetValue(path, out var target))
                    diagnostics.Add(SchemaDiagnosticDescriptors.ImportNotFound, import.PathSpan, import.Path, path);
                else if (seen.TryGetValue(path, out var earlier))
                    diagnostics.Add(SchemaDiagnosticDescriptors.DuplicateImport, import.PathSpan, import.Path, earlier.PathSpan.StartText());
                else
                {
                    seen.Add(path, import);
                    file.Imports.Add((target, import));
                }
            }
        }

        new CycleFinder(diagnostics).Run(files);
    }

    /// <summary>Depth-first search; every back edge is one cycle, reported at the import that closes it.</summary>
    private sealed class CycleFinder(DiagnosticBag diagnostics)
    {
        private readonly HashSet<BoundFile> _done = [];
        private readonly List<BoundFile> _stack = [];

        public void Run(IReadOnlyList<BoundFile> files)
        {
            foreach (var file in files)
            {
                if (!_done.Contains(file))
                    Visit(file);
            }
        }

        private void Visit(BoundFile file)
        {
            _stack.Add(file);
            foreach (var (target, import) in file.Imports)
            {
                var onStack = _stack.IndexOf(target);
                if (onStack >= 0)
                {
                    var cycle = _stack.Skip(onStack).Append(target).Select(f => f.DisplayPath);
                    diagnostics.Add(SchemaDiagnosticDescriptors.ImportCycle, import.PathSpan, string.Join(" -> ", cycle));
                }
                else if (!_done.Contains(target))
                    Visit(target);
            }
            _stack.RemoveAt(_stack.Count - 1);
            _done.Add(file);
        }
    }
}
