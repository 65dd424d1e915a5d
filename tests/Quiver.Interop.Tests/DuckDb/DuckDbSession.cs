using Quiver.Arrow.CData;

namespace Quiver.Interop.Tests.DuckDb;

/// <summary>An in-memory DuckDB database with one connection, closed on Dispose.</summary>
public sealed unsafe class DuckDbSession : IDisposable
{
    private static DuckDbNative Api => DuckDbNative.Api;

    private nint _database;
    private nint _connection;

    public DuckDbSession()
    {
        nint database, connection;
        // A null path opens a fresh in-memory database.
        if (Api.Open(null, &database) != 0)
            throw new DuckDbException("duckdb_open failed for an in-memory database.");
        _database = database;
        if (Api.Connect(database, &connection) != 0)
        {
            Dispose();
            throw new DuckDbException("duckdb_connect failed.");
        }
        _connection = connection;
    }

    public static string LibraryVersion => Utf8Z.Decode(Api.LibraryVersion());

    public DuckDbQueryResult Query(string sql) => new(_connection, sql);

    public void Execute(string sql) => Query(sql).Dispose();

    /// <summary>
    /// Registers an ArrowArrayStream as view <paramref name="view"/> (deprecated duckdb_arrow_scan,
    /// still the only C API that scans foreign Arrow data in place). DuckDB never releases the
    /// stream: the caller does, after the last query on the view. DuckDB reads the stream once:
    /// a second query on the same view sees it exhausted.
    /// </summary>
    public void ScanArrowStream(string view, CArrowArrayStream* stream)
    {
        var name = Utf8Z.Encode(view);
        fixed (byte* table = name)
        {
            if (Api.ArrowScan(_connection, table, stream) != 0)
                throw new DuckDbException($"duckdb_arrow_scan refused the stream for view '{view}'.");
        }
    }

    /// <summary>
    /// Converts one Arrow record batch to a DuckDB data chunk (duckdb_schema_from_arrow,
    /// duckdb_data_chunk_from_arrow: DuckDB takes ownership of <paramref name="batch"/>, and
    /// releases it when the chunk is destroyed) and appends it to an existing table whose column
    /// types match exactly. The schema stays the caller's to release.
    /// </summary>
    public void AppendArrow(string table, CArrowSchema* schema, CArrowArray* batch)
    {
        nint converted = 0, chunk = 0, appender = 0;
        try
        {
            Check(Api.SchemaFromArrow(_connection, schema, &converted), "duckdb_schema_from_arrow");
            Check(Api.DataChunkFromArrow(_connection, batch, converted, &chunk), "duckdb_data_chunk_from_arrow");
            var name = Utf8Z.Encode(table);
            fixed (byte* tableName = name)
            {
                if (Api.AppenderCreate(_connection, null, tableName, &appender) != 0)
                    throw new DuckDbException($"duckdb_appender_create failed for '{table}': {Utf8Z.Decode(Api.AppenderError(appender))}");
            }
            if (Api.AppendDataChunk(appender, chunk) != 0)
                throw new DuckDbException($"duckdb_append_data_chunk failed for '{table}': {Utf8Z.Decode(Api.AppenderError(appender))}");
            if (Api.AppenderDestroy(&appender) != 0)
                throw new DuckDbException($"Flushing the appender for '{table}' failed.");
        }
        finally
        {
            if (appender != 0)
                Api.AppenderDestroy(&appender);
            if (chunk != 0)
                Api.DestroyDataChunk(&chunk);
            if (converted != 0)
                Api.DestroyArrowConvertedSchema(&converted);
        }
    }

    /// <summary>
    /// Runs <paramref name="sql"/> and exports the result through DuckDB's current Arrow C API
    /// (duckdb_to_arrow_schema, duckdb_data_chunk_to_arrow), one ArrowArray per data chunk.
    /// </summary>
    public DuckDbArrowExport ExportArrow(string sql)
    {
        using var result = Query(sql);
        var export = new DuckDbArrowExport();
        var options = Api.ResultGetArrowOptions(result.Handle);
        var columnCount = result.ColumnCount;
        var types = new nint[columnCount];
        var names = new nint[columnCount];
        try
        {
            for (var i = 0; i < columnCount; i++)
            {
                types[i] = Api.ColumnLogicalType(result.Handle, (ulong)i);
                // Column names belong to the result, which outlives this call.
                names[i] = (nint)Api.ColumnName(result.Handle, (ulong)i);
            }
            fixed (nint* typeArray = types)
            fixed (nint* nameArray = names)
                Check(Api.ToArrowSchema(options, typeArray, (byte**)nameArray, (ulong)columnCount, export.Schema), "duckdb_to_arrow_schema");

            for (var chunk = Api.FetchChunk(*result.Handle); chunk != 0; chunk = Api.FetchChunk(*result.Handle))
            {
                try
                {
                    Check(Api.DataChunkToArrow(options, chunk, export.AddBatch()), "duckdb_data_chunk_to_arrow");
                }
                finally
                {
                    Api.DestroyDataChunk(&chunk);
                }
            }
            return export;
        }
        catch
        {
            export.Dispose();
            throw;
        }
        finally
        {
            foreach (var type in types)
            {
                var logicalType = type;
                if (logicalType != 0)
                    Api.DestroyLogicalType(&logicalType);
            }
            Api.DestroyArrowOptions(&options);
        }
    }

    public void Dispose()
    {
        if (_connection != 0)
        {
            var connection = _connection;
            Api.Disconnect(&connection);
            _connection = 0;
        }
        if (_database != 0)
        {
            var database = _database;
            Api.Close(&database);
            _database = 0;
        }
    }

    private static void Check(nint errorData, string function)
    {
        if (errorData == 0)
            return;
        try
        {
            if (Api.ErrorDataHasError(errorData) != 0)
                throw new DuckDbException($"{function} failed: {Utf8Z.Decode(Api.ErrorDataMessage(errorData))}");
        }
        finally
        {
            Api.DestroyErrorData(&errorData);
        }
    }
}
