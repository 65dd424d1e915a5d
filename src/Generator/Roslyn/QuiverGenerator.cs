using Microsoft.CodeAnalysis;
using Quiver.Generator.Diagnostics;
using Quiver.Generator.Emit;
using Quiver.Generator.Model;
using Quiver.Generator.Semantics;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Roslyn;

/// <summary>
/// The build entry point: reads <c>*.quiver</c> additional files (the <c>QuiverSchema</c> items
/// are added to them by the package's build files), compiles them, reports the schema
/// diagnostics and emits one C# file per enum and message. Each file is parsed on its own (an
/// edit re-parses only that file); the set is compiled into an equatable
/// <see cref="SchemaCompilation"/>, then split into one equatable input per type, so a type
/// whose input did not change is not emitted again. Diagnostics are a separate output, so moving
/// text in a schema updates squiggles without re-emitting code.
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

        var model = compilation
            .Select(static (result, _) => result.Model)
            .WithTrackingName(TrackingNames.Model);

        var enums = model
            .SelectMany(static (schema, _) => EmitInputs.Enums(schema))
            .WithTrackingName(TrackingNames.EnumInputs);
        context.RegisterSourceOutput(enums, static (output, input) =>
            AddSource(output, input.HintName, input.SchemaFileName, () => EnumEmitter.Emit(input)));

        var messages = model
            .SelectMany(static (schema, _) => EmitInputs.Messages(schema))
            .WithTrackingName(TrackingNames.MessageInputs);
        context.RegisterSourceOutput(messages, static (output, input) =>
            AddSource(output, input.HintName, input.SchemaFileName, () => MessageEmitter.Emit(input)));
    }

    /// <summary>Adds one generated file; a failure of the emitter becomes a QVR9999 diagnostic instead of a crashed build.</summary>
    private static void AddSource(SourceProductionContext output, string hintName, string schemaFileName, Func<string> emit)
    {
        string source;
        try
        {
            source = emit();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            output.ReportDiagnostic(RoslynDiagnostics.Create(SchemaDiagnosticDescriptors.InternalError.Create(
                SourceSpan.StartOfFile(""),
                $"emitting {hintName} from {schemaFileName}: {InternalErrorText.Describe(exception)}")));
            return;
        }
        output.AddSource(hintName, source);
    }
}
