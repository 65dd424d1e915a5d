using Microsoft.CodeAnalysis;
using Quiver.Generator.Semantics;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Roslyn;

/// <summary>
/// The build entry point: reads <c>*.quiver</c> additional files, compiles them and reports the
/// schema diagnostics. Each file is parsed on its own (an edit re-parses only that file); the
/// set is then compiled into an equatable <see cref="SchemaCompilation"/>. Code emission hangs
/// off the same compilation and is not written yet.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class QuiverGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var parsedFiles = context.AdditionalTextsProvider
            .Where(static text => text.Path.EndsWith(".quiver", StringComparison.OrdinalIgnoreCase))
            .Select(static (text, cancellationToken) =>
                SchemaParser.Parse(text.Path, text.GetText(cancellationToken)?.ToString() ?? ""))
            .WithTrackingName(TrackingNames.Parse);

        var compilation = parsedFiles
            .Collect()
            .Select(static (files, _) => SchemaCompiler.Compile(files))
            .WithTrackingName(TrackingNames.Compile);

        var diagnostics = compilation
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(diagnostics, static (output, items) =>
        {
            foreach (var diagnostic in items)
                output.ReportDiagnostic(RoslynDiagnostics.Create(diagnostic));
        });
    }
}
