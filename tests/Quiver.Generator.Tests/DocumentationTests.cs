using System.Text.RegularExpressions;
using Quiver.Generator.Diagnostics;

namespace Quiver.Generator.Tests;

public class DocumentationTests
{
    [Fact]
    public void The_diagnostics_table_in_the_docs_matches_the_descriptors()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "schema-language.md"));
        var rows = Regex.Matches(docs, @"^\| (QVR\d{4}) \| (\w+) \| ([^|]+?) \| `(.*)` \|$", RegexOptions.Multiline)
            .Select(m => (Id: m.Groups[1].Value, Severity: m.Groups[2].Value, Title: m.Groups[3].Value, Message: m.Groups[4].Value))
            .ToList();

        var expected = SchemaDiagnosticDescriptors.All
            .Select(d => (d.Id, d.Severity.ToString(), d.Title, d.MessageFormat.Replace("{{", "{").Replace("}}", "}")))
            .ToList();
        Assert.Equal(expected, rows);
    }

    [Fact]
    public void The_python_docs_show_generated_code_as_it_is_generated()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "python.md")).Replace("\r\n", "\n");
        var start = docs.IndexOf("```python\nclass Image(_Message):", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/python.md shows the generated vision.Image");
        var block = docs.Substring(start + "```python\n".Length, docs.IndexOf("\n```", start + 1, StringComparison.Ordinal) - start - "```python\n".Length);
        var generated = Emit.Python.PythonEmitter.Emit(PythonSchemas.Examples()).Single(f => f.Path == "vision.py").Text.Split('\n').ToHashSet();

        var missing = block.Split('\n').Where(line => line.Trim() != "..." && !generated.Contains(line)).ToList();

        Assert.True(missing.Count == 0, "lines of docs/python.md that vision.py does not have:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void The_readme_and_docs_never_send_readers_outside_the_repository()
    {
        var pages = Directory.GetFiles(Path.Combine(RepositoryPaths.Root, "docs"), "*.md")
            .Append(Path.Combine(RepositoryPaths.Root, "README.md"));

        var outside = pages
            .SelectMany(page => File.ReadLines(page).Select((line, index) => (Page: Path.GetFileName(page), Line: index + 1, Text: line)))
            .Where(line => line.Text.Contains("../shared", StringComparison.Ordinal) || line.Text.Contains("DESIGN.md", StringComparison.Ordinal))
            .Select(line => $"{line.Page}:{line.Line}: {line.Text}")
            .ToList();

        Assert.True(outside.Count == 0, "lines that point at a folder beside the repository or a design file it does not hold (docs/design.md is the design):\n" + string.Join("\n", outside));
    }
}
