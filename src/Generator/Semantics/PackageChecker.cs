using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;
using Quiver.Generator.Naming;

namespace Quiver.Generator.Semantics;

/// <summary>Each file declares exactly one well-formed package.</summary>
internal static class PackageChecker
{
    public static void Check(BoundFile file, DiagnosticBag diagnostics)
    {
        var packages = file.Syntax.Packages;
        if (packages.Count == 0)
        {
            diagnostics.Add(SchemaDiagnosticDescriptors.MissingPackage, SourceSpan.StartOfFile(file.DisplayPath));
            return;
        }
        var first = packages[0];
        file.Package = first.Name.Text;
        if (!NameRules.IsPackageName(file.Package))
            diagnostics.Add(SchemaDiagnosticDescriptors.InvalidName, first.Name.Span, "package", file.Package, NameRules.PackageExpectation);
        foreach (var duplicate in packages.Skip(1))
            diagnostics.Add(SchemaDiagnosticDescriptors.DuplicatePackage, duplicate.Span, file.Package, first.Span.StartText());
    }
}
