using System.Globalization;
using Quiver.DuckDb;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>What DuckDB says about a table it holds: its column types, and query answers cell by cell.</summary>
internal static class DuckDbTable
{
    /// <summary>Each column's name and type as DuckDB's <c>DESCRIBE</c> spells them, in order.</summary>
    public static List<(string Name, string Type)> Describe(DuckDbSession duckDb, string table)
    {
        using var result = duckDb.Query($"DESCRIBE {table}");
        return Enumerable.Range(0, result.RowCount)
            .Select(row => (result.Varchar(0, row)!, result.Varchar(1, row)!))
            .ToList();
    }

    /// <summary>
    /// Asserts that <paramref name="sql"/> answers exactly <paramref name="expected"/>, row by row.
    /// Each expected cell says how the answer is read: null is SQL NULL, a long through
    /// duckdb_value_int64, a double through duckdb_value_double (compared exactly), a string
    /// through duckdb_value_varchar.
    /// </summary>
    public static void AssertAnswers(DuckDbSession duckDb, string sql, IReadOnlyList<object?[]> expected)
    {
        using var result = duckDb.Query(sql);
        Assert.Equal(expected.Count, result.RowCount);
        for (var row = 0; row < expected.Count; row++)
        {
            Assert.Equal(expected[row].Length, result.ColumnCount);
            for (var column = 0; column < expected[row].Length; column++)
            {
                object? actual = expected[row][column] switch
                {
                    null => result.IsNull(column, row) ? null : result.Varchar(column, row),
                    long => result.Int64(column, row),
                    double => result.Double(column, row),
                    string => result.Varchar(column, row),
                    var other => throw new ArgumentException($"No reader for expected cell of type {other.GetType()}."),
                };
                if (!Equals(expected[row][column], actual))
                    Assert.Fail($"`{sql}` row {row} column {column}: expected {Show(expected[row][column])}, DuckDB answered {Show(actual)}.");
            }
        }
    }

    private static string Show(object? cell) => cell switch
    {
        null => "NULL",
        string text => $"\"{text}\"",
        double number => number.ToString("R", CultureInfo.InvariantCulture) + " (double)",
        _ => Convert.ToString(cell, CultureInfo.InvariantCulture) + $" ({cell.GetType().Name})",
    };
}
