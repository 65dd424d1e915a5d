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
}
