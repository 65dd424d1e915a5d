using System.Runtime.InteropServices;

namespace Quiver.DuckDb;

/// <summary>A materialized DuckDB result, read cell by cell through DuckDB's own value functions (not through Arrow).</summary>
public sealed unsafe class DuckDbQueryResult : IDisposable
{
    private static DuckDbNative Api => DuckDbNative.Api;

    // Native memory so the result has a stable address for every call that takes a duckdb_result*.
    private DuckDbResult* _result = (DuckDbResult*)NativeMemory.AllocZeroed((nuint)sizeof(DuckDbResult));

    internal DuckDbQueryResult(nint connection, string sql)
    {
        var text = Utf8Z.Encode(sql);
        int state;
        fixed (byte* query = text)
            state = Api.Query(connection, query, _result);
        if (state != 0)
        {
            var message = Utf8Z.Decode(Api.ResultError(_result));
            Dispose();
            throw new DuckDbException($"DuckDB failed to run `{sql}`: {message}");
        }
    }

    internal DuckDbResult* Handle => _result != null ? _result : throw new ObjectDisposedException(nameof(DuckDbQueryResult));

    public int RowCount => checked((int)Api.RowCount(Handle));
    public int ColumnCount => checked((int)Api.ColumnCount(Handle));

    public bool IsNull(int column, int row) => Api.ValueIsNull(Handle, (ulong)column, (ulong)row) != 0;

    public long? Int64(int column, int row) => IsNull(column, row) ? null : Api.ValueInt64(Handle, (ulong)column, (ulong)row);

    public double? Double(int column, int row) => IsNull(column, row) ? null : Api.ValueDouble(Handle, (ulong)column, (ulong)row);

    public string? Varchar(int column, int row)
    {
        if (IsNull(column, row))
            return null;
        var text = Api.ValueVarchar(Handle, (ulong)column, (ulong)row);
        try
        {
            return Utf8Z.Decode(text);
        }
        finally
        {
            Api.Free(text);
        }
    }

    public void Dispose()
    {
        if (_result == null)
            return;
        Api.DestroyResult(_result);
        NativeMemory.Free(_result);
        _result = null;
    }
}
