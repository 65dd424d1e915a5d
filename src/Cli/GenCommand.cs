using Quiver.Generator.Diagnostics;
using Quiver.Generator.Emit;
using Quiver.Generator.Emit.Python;
using Quiver.Generator.Model;
using Quiver.Generator.Semantics;

namespace Quiver.Cli;

/// <summary><c>quiver gen python|csharp</c>: compiles the schemas with the generator's compiler and writes what its emitter produces.</summary>
internal sealed class GenCommand(string language, IReadOnlyList<string> inputs, string outputDirectory)
{
    public static bool Parse(string language, IReadOnlyList<string> args, out GenCommand? command, out string? problem)
    {
        command = null;
        problem = null;
        var inputs = new List<string>();
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "-o" or "--output")
            {
                if (i + 1 == args.Count)
                {
                    problem = $"'{args[i]}' needs a folder";
                    return false;
                }
                output = args[++i];
            }
            else if (args[i].StartsWith('-'))
            {
                problem = $"unknown option '{args[i]}'";
                return false;
            }
            else
            {
                inputs.Add(args[i]);
            }
        }
        if (inputs.Count == 0)
            problem = "no schemas given; expected .quiver files or folders";
        else if (output is null)
            problem = "no output folder; expected '-o <dir>'";
        else
            command = new GenCommand(language, inputs, output);
        return command is not null;
    }

    public int Run(TextWriter output, TextWriter errors)
    {
        if (!SchemaFiles.Find(inputs, out var paths, out var problem))
        {
            errors.WriteLine("quiver: " + problem);
            return QuiverCommand.UsageError;
        }
        var compilation = SchemaCompiler.Compile(paths.Select(path => (path, File.ReadAllText(path))));
        foreach (var diagnostic in compilation.Diagnostics)
            errors.WriteLine(Format(diagnostic));
        if (compilation.HasErrors || compilation.Model is null)
            return QuiverCommand.SchemaErrors;

        var written = 0;
        foreach (var (path, text) in Emit(compilation.Model))
        {
            if (GeneratedFiles.Write(Path.Combine(outputDirectory, path), text))
                written++;
        }
        output.WriteLine($"quiver: {paths.Count} schema file(s) -> {outputDirectory} ({written} file(s) written, the others unchanged)");
        return QuiverCommand.Success;
    }

    private IEnumerable<(string Path, string Text)> Emit(SchemaModel model) =>
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
