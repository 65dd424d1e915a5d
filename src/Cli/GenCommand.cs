using System.CommandLine;
using Quiver.Generator.Diagnostics;
using Quiver.Generator.Emit;
using Quiver.Generator.Emit.Python;
using Quiver.Generator.Model;
using Quiver.Generator.Semantics;

namespace Quiver.Cli;

/// <summary><c>quiver gen python|csharp</c>: compiles the schemas with the generator's compiler and writes what its emitter produces.</summary>
internal static class GenCommand
{
    public static Command Create()
    {
        var language = new Argument<string>("language") { Description = "python: one module per schema package; csharp: one file per enum and message" };
        language.AcceptOnlyFromAmong("python", "csharp");
        var schemas = new Argument<string[]>("schemas")
        {
            Description = ".quiver files or folders (searched recursively for *.quiver), compiled together",
            Arity = ArgumentArity.OneOrMore,
        };
        // System.CommandLine takes an unknown "--x" as an argument value; a schema path never starts with '-'.
        schemas.Validators.Add(result =>
        {
            foreach (var token in result.Tokens.Where(token => token.Value.StartsWith('-')))
                result.AddError($"unknown option '{token.Value}'");
        });
        var output = new Option<string>("--output", "-o") { Description = "The folder to write to (created if missing)", Required = true, HelpName = "dir" };
        var command = new Command("gen", "Generate Python or C# code from .quiver schemas. Schema problems are printed as file(line,col): error QVRnnnn: message and exit with 1.")
        {
            language, schemas, output,
        };
        command.SetAction(parsed => Run(
            parsed.GetRequiredValue(language), parsed.GetRequiredValue(schemas), parsed.GetRequiredValue(output),
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
        return command.WithExamples(
            "quiver gen python schemas -o generated/python",
            "quiver gen csharp schemas/vision.quiver schemas/geometry.quiver -o Generated");
    }

    private static int Run(string language, IReadOnlyList<string> inputs, string outputDirectory, TextWriter output, TextWriter errors)
    {
        if (!SchemaFiles.Find(inputs, out var paths, out var problem))
        {
            errors.WriteLine("quiver: " + problem);
            return ExitCodes.UsageError;
        }
        var compilation = SchemaCompiler.Compile(paths.Select(path => (path, File.ReadAllText(path))));
        foreach (var diagnostic in compilation.Diagnostics)
            errors.WriteLine(Format(diagnostic));
        if (compilation.HasErrors || compilation.Model is null)
            return ExitCodes.SchemaErrors;

        var written = 0;
        foreach (var (path, text) in Emit(language, compilation.Model))
        {
            if (GeneratedFiles.Write(Path.Combine(outputDirectory, path), text))
                written++;
        }
        output.WriteLine($"quiver: {paths.Count} schema file(s) -> {outputDirectory} ({written} file(s) written, the others unchanged)");
        return ExitCodes.Success;
    }

    private static IEnumerable<(string Path, string Text)> Emit(string language, SchemaModel model) =>
        language == "python"
            ? PythonEmitter.Emit(model)
            : CSharpEmitter.Emit(model).Select(file => (file.HintName, file.Source));

    /// <summary>The canonical MSBuild/compiler format, so builds and editors turn each line into a located error.</summary>
    public static string Format(SchemaDiagnostic diagnostic)
    {
        var severity = diagnostic.Severity == SchemaDiagnosticSeverity.Error ? "error" : "warning";
        var span = diagnostic.Span;
        return $"{span.FilePath}({span.StartLine},{span.StartColumn}): {severity} {diagnostic.Id}: {diagnostic.Message}";
    }
}
