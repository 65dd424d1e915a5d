using Quiver.Arrow;
using Quiver.Cli.Output;
using Quiver.DuckDb;

namespace Quiver.Cli.Sql;

/// <summary>
/// Runs the query and prints DuckDB's answer. The answer comes back through DuckDB's Arrow C API
/// and is read as Quiver record batches, so it prints as <c>quiver echo</c> prints messages.
/// </summary>
internal static class SqlAnswer
{
    // Binary cells (images, blobs) as length and first bytes, as quiver echo shows them by default.
    private const int BytesShown = 16;

    public static void Print(DuckDbSession duckDb, string query, IReadOnlyList<string> tables, bool asJson, TextWriter output)
    {
        using var export = Run(duckDb, query, tables);
        var (schema, batches) = Import(export);
        try
        {
            var values = new JsonValues(BytesShown);
            if (asJson)
                batches.ForEach(batch => JsonLines.Write(output, batch, field: null, values));
            else
                new EchoTable(output, values).Write(schema, batches);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }

    private static (Schema Schema, List<RecordBatch> Batches) Import(DuckDbArrowExport export)
    {
        try
        {
            return export.Import();
        }
        catch (ArrowFormatException e)
        {
            // DuckDB answers with types no message field has, such as the interval of a timestamp difference.
            throw new CommandFailure(ExitCodes.UsageError,
                $"DuckDB answered with a column quiver cannot print: {e.Message} Convert it in the query, e.g. epoch_us(receive_time - publish_time) or cast(... as varchar).", e);
        }
    }

    private static DuckDbArrowExport Run(DuckDbSession duckDb, string query, IReadOnlyList<string> tables)
    {
        try
        {
            return duckDb.ExportArrow(query);
        }
        catch (DuckDbException e)
        {
            // DuckDB names the missing table; the user also needs to know which ones there are.
            var hint = e.Message.Contains("Catalog Error: Table with name", StringComparison.Ordinal)
                ? $"\nThe tables are the topics: {TablesInQuery.List(tables)}; quote names with '/' or '-', e.g. from 'camera/front'."
                : "";
            throw new CommandFailure(ExitCodes.UsageError, e.Message + hint, e);
        }
    }
}
