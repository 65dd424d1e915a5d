namespace Quiver.Cli.Live;

/// <summary>A column of the live table: its heading and the cell of a report.</summary>
internal sealed record ArrivalColumn(string Heading, Func<ArrivalReport, string> Cell);

/// <summary>How <c>hz</c> or <c>bw</c> shows a report: as a line where the output is not a terminal, as a table row on one.</summary>
internal sealed record ArrivalView(Func<ArrivalReport, string> Line, IReadOnlyList<ArrivalColumn> Columns);
