using Spectre.Console;

namespace Quiver.Cli.Live;

/// <summary>The table <c>hz</c> and <c>bw</c> redraw on a terminal: the topic, a column per statistic, one row for the window.</summary>
internal static class ArrivalTable
{
    public static Table Of(string topic, ArrivalView view, ArrivalReport? report, long total)
    {
        var table = new Table().Border(TableBorder.Rounded).Title(Markup.Escape(topic));
        foreach (var column in view.Columns)
            table.AddColumn(new TableColumn(Markup.Escape(column.Heading)).RightAligned());
        table.AddRow(view.Columns.Select(column => new Text(report is null ? "-" : column.Cell(report))).ToArray());
        table.Caption(report is null
            ? $"waiting for samples ({total} so far)"
            : $"over the last {report.Samples} of {total} samples");
        return table;
    }
}
