using System.Text.Json;
using Quiver.Arrow;
using Spectre.Console;

namespace Quiver.Cli.Output;

/// <summary><c>quiver echo --table</c> and <c>quiver sql</c>: a table per message (or per query answer), a column per field, each cell the value's compact JSON.</summary>
internal sealed class EchoTable(TextWriter output, JsonValues values)
{
    // Where the output is not a terminal (a file, a pipe, a test), a width that keeps typical rows on one line.
    private const int RedirectedWidth = 200;

    private readonly IAnsiConsole _console = CreateConsole(output);

    public void Write(RecordBatch batch, FieldPath? field)
    {
        var table = new Table().Border(TableBorder.Square);
        var names = field is null ? batch.Schema.Fields.Select(f => f.Name).ToList() : [field.Text];
        foreach (var name in names)
            table.AddColumn(new TableColumn(Markup.Escape(name)));
        AddRows(table, batch, field);
        _console.Write(table);
    }

    /// <summary>One table for all of <paramref name="batches"/> (they share <paramref name="schema"/>), as a query answer arrives in several.</summary>
    public void Write(Schema schema, IReadOnlyList<RecordBatch> batches)
    {
        var table = new Table().Border(TableBorder.Square);
        foreach (var field in schema.Fields)
            table.AddColumn(new TableColumn(Markup.Escape(field.Name)));
        foreach (var batch in batches)
            AddRows(table, batch, field: null);
        _console.Write(table);
    }

    private void AddRows(Table table, RecordBatch batch, FieldPath? field)
    {
        var columns = field is null
            ? Enumerable.Range(0, batch.Schema.Fields.Count).Select(i => batch.Column(i)).ToList()
            : [field.Column(batch)];
        for (var row = 0; row < batch.Length; row++)
        {
            var fieldIsNull = field is not null && field.IsNull(batch, row);
            table.AddRow(columns.Select(column => new Text(fieldIsNull ? "null" : Cell(column, row))).ToArray());
        }
    }

    private string Cell(Arrow.Arrays.ArrowArray column, int row)
    {
        using var stream = new MemoryStream();
        using (var json = JsonValues.CreateWriter(stream))
            values.Write(json, column, row);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        // A string cell reads better without its JSON quotes.
        return text.Length >= 2 && text[0] == '"' ? JsonSerializer.Deserialize<string>(text)! : text;
    }

    private static IAnsiConsole CreateConsole(TextWriter output)
    {
        var redirected = !Terminal.Shows(output);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = redirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = redirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        if (redirected)
            console.Profile.Width = RedirectedWidth;
        return console;
    }
}
