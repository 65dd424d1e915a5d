namespace Quiver.DuckDb;

/// <summary>Names and strings quoted for DuckDB's SQL, so any topic or column name can be used.</summary>
public static class SqlText
{
    public static string Identifier(string name) => $"\"{name.Replace("\"", "\"\"")}\"";

    public static string String(string text) => $"'{text.Replace("'", "''")}'";
}
