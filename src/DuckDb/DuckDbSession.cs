using System.Runtime.InteropServices;
using Quiver.Arrow.CData;

namespace Quiver.DuckDb;

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
    /// releases it when the chunk is destroyed) and appends it to an existing table (the appender
    /// casts columns whose types differ from the table's). The schema stays the caller's to release.
    /// </summary>
    public void AppendArrow(string table, CArrowSchema* schema, CArrowArray* batch)
    {
        nint converted = 0, chunk = 0;
        try
        {
            Check(Api.SchemaFromArrow(_connection, schema, &converted), "duckdb_schema_from_arrow");
            Check(Api.DataChunkFromArrow(_connection, batch, converted, &chunk), "duckdb_data_chunk_from_arrow");
            AppendChunk(chunk, table, TableAppender(table));
        }
        finally
        {
            if (chunk != 0)
                Api.DestroyDataChunk(&chunk);
            if (converted != 0)
                Api.DestroyArrowConvertedSchema(&converted);
        }
    }

    /// <summary>
    /// Creates table <paramref name="table"/> from one Arrow record batch (at least one row) with
    /// the column types DuckDB's own Arrow conversion chose, and returns those types as
    /// <c>typeof</c> spells them. duckdb_schema_from_arrow and duckdb_data_chunk_from_arrow turn
    /// the batch into a data chunk (DuckDB takes ownership of <paramref name="batch"/> and
    /// releases it when the chunk is destroyed). The types have to be asked of the chunk itself:
    /// an appender casts a chunk to its table's declared types, so appending into a table declared
    /// in advance would hide them. So a query appender declared with the chunk's own vector types
    /// records <c>typeof</c> of each column, the table is declared with exactly those types, and
    /// the chunk is appended to it (no cast is left to do). The schema stays the caller's to release.
    /// </summary>
    public List<(string Name, string Type)> CreateTableFromArrow(string table, IReadOnlyList<string> columnNames, CArrowSchema* schema, CArrowArray* batch)
    {
        nint converted = 0, chunk = 0;
        var types = new nint[columnNames.Count];
        var names = new nint[columnNames.Count];
        try
        {
            Check(Api.SchemaFromArrow(_connection, schema, &converted), "duckdb_schema_from_arrow");
            Check(Api.DataChunkFromArrow(_connection, batch, converted, &chunk), "duckdb_data_chunk_from_arrow");
            var columnCount = Api.DataChunkGetColumnCount(chunk);
            if (columnCount != (ulong)columnNames.Count)
                throw new DuckDbException($"The chunk DuckDB made has {columnCount} columns, expected {columnNames.Count}.");
            for (var i = 0; i < columnNames.Count; i++)
            {
                types[i] = Api.VectorGetColumnType(Api.DataChunkGetVector(chunk, (ulong)i));
                names[i] = Marshal.StringToCoTaskMemUTF8(columnNames[i]);
            }

            var typesTable = $"{table}_chunk_types";
            Execute($"CREATE TEMP TABLE {typesTable} (ordinal BIGINT, column_name VARCHAR, column_type VARCHAR)");
            var recordTypes =
                $"INSERT INTO {typesTable} SELECT unnest(range({columnNames.Count})), " +
                $"unnest([{string.Join(", ", columnNames.Select(SqlText.String))}]), " +
                $"unnest([{string.Join(", ", columnNames.Select(n => $"typeof({SqlText.Identifier(n)})"))}]) " +
                "FROM (SELECT * FROM appended_data LIMIT 1)";
            AppendChunk(chunk, table, (connection, appender) =>
            {
                var query = Utf8Z.Encode(recordTypes);
                fixed (byte* sql = query)
                fixed (nint* typeArray = types)
                fixed (nint* nameArray = names)
                    // A null table name means the default, appended_data.
                    return Api.AppenderCreateQuery(connection, sql, (ulong)columnNames.Count, typeArray, null, (byte**)nameArray, appender);
            });

            var chunkTypes = new List<(string Name, string Type)>();
            using (var result = Query($"SELECT column_name, column_type FROM {typesTable} ORDER BY ordinal"))
            {
                for (var row = 0; row < result.RowCount; row++)
                    chunkTypes.Add((result.Varchar(0, row)!, result.Varchar(1, row)!));
            }
            Execute($"DROP TABLE {typesTable}");
            if (chunkTypes.Count != columnNames.Count)
                throw new DuckDbException($"DuckDB reported the types of {chunkTypes.Count} of {columnNames.Count} columns; the batch needs at least one row.");

            Execute($"CREATE TABLE {table} ({string.Join(", ", chunkTypes.Select(c => $"{SqlText.Identifier(c.Name)} {c.Type}"))})");
            AppendChunk(chunk, table, TableAppender(table));
            return chunkTypes;
        }
        finally
        {
            foreach (var type in types)
            {
                var logicalType = type;
                if (logicalType != 0)
                    Api.DestroyLogicalType(&logicalType);
            }
            foreach (var name in names)
                Marshal.FreeCoTaskMem(name);
            if (chunk != 0)
                Api.DestroyDataChunk(&chunk);
            if (converted != 0)
                Api.DestroyArrowConvertedSchema(&converted);
        }
    }

    private delegate int AppenderFactory(nint connection, nint* appender);

    private static AppenderFactory TableAppender(string table) => (connection, appender) =>
    {
        var name = Utf8Z.Encode(table);
        fixed (byte* tableName = name)
            return Api.AppenderCreate(connection, null, tableName, appender);
    };

    /// <summary>Appends <paramref name="chunk"/> (which stays the caller's) through an appender that <paramref name="create"/> makes, and flushes it.</summary>
    private void AppendChunk(nint chunk, string table, AppenderFactory create)
    {
        nint appender = 0;
        try
        {
            if (create(_connection, &appender) != 0)
                throw new DuckDbException($"Creating an appender for '{table}' failed: {Utf8Z.Decode(Api.AppenderError(appender))}");
            if (Api.AppendDataChunk(appender, chunk) != 0)
                throw new DuckDbException($"duckdb_append_data_chunk failed for '{table}': {Utf8Z.Decode(Api.AppenderError(appender))}");
            // Flushing writes (or runs the query); unlike destroy, it leaves the appender to tell why it failed.
            if (Api.AppenderFlush(appender) != 0)
                throw new DuckDbException($"Flushing the appender for '{table}' failed: {Utf8Z.Decode(Api.AppenderError(appender))}");
        }
        finally
        {
            if (appender != 0)
                Api.AppenderDestroy(&appender);
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
