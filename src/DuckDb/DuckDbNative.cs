using System.Runtime.InteropServices;
using Quiver.Arrow.CData;

namespace Quiver.DuckDb;

/// <summary>
/// <c>duckdb_result</c>: five deprecated fields kept for ABI compatibility, then the internal
/// pointer. Only DuckDB's own functions read it; it is passed by pointer, and by value to
/// <c>duckdb_fetch_chunk</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct DuckDbResult
{
    public ulong DeprecatedColumnCount;
    public ulong DeprecatedRowCount;
    public ulong DeprecatedRowsChanged;
    public nint DeprecatedColumns;
    public nint DeprecatedErrorMessage;
    public nint InternalData;
}

/// <summary>
/// The slice of DuckDB's C API (duckdb.h, DuckDB 1.5) that <c>quiver sql</c> and the interop tests use, bound by symbol from
/// the libduckdb.so that the NuGet package DuckDB.NET.Bindings.Full ships. Every opaque DuckDB handle
/// (duckdb_database, duckdb_connection, duckdb_data_chunk, duckdb_vector, duckdb_logical_type,
/// duckdb_arrow_options, duckdb_error_data, duckdb_appender, duckdb_arrow_converted_schema) is a
/// pointer, so it is an nint here; duckdb_state is an int enum (0 = success); C bool is one byte;
/// idx_t is uint64_t.
/// </summary>
public sealed unsafe class DuckDbNative
{
    private static readonly Lazy<DuckDbNative> Loaded = new(() => new DuckDbNative(LibraryPath));

    public static DuckDbNative Api => Loaded.Value;

    /// <summary>
    /// DuckDB's shared library with its full C API, from the NuGet package DuckDB.NET.Bindings.Full
    /// (through DuckDB.NET.Data.Full), which the build copies under the application's runtimes/ folder.
    /// </summary>
    public static string LibraryPath
    {
        get
        {
            var architecture = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
            var path = Path.Combine(AppContext.BaseDirectory, "runtimes", $"linux-{architecture}", "native", "libduckdb.so");
            return File.Exists(path)
                ? path
                : throw new DuckDbException($"{path} is missing: the DuckDB.NET.Data.Full package puts DuckDB's library there at build time; rebuild or reinstall quiver.");
        }
    }

    // const char *duckdb_library_version();
    public readonly delegate* unmanaged<byte*> LibraryVersion;
    // duckdb_state duckdb_open(const char *path, duckdb_database *out_database);
    public readonly delegate* unmanaged<byte*, nint*, int> Open;
    // void duckdb_close(duckdb_database *database);
    public readonly delegate* unmanaged<nint*, void> Close;
    // duckdb_state duckdb_connect(duckdb_database database, duckdb_connection *out_connection);
    public readonly delegate* unmanaged<nint, nint*, int> Connect;
    // void duckdb_disconnect(duckdb_connection *connection);
    public readonly delegate* unmanaged<nint*, void> Disconnect;
    // duckdb_state duckdb_query(duckdb_connection connection, const char *query, duckdb_result *out_result);
    public readonly delegate* unmanaged<nint, byte*, DuckDbResult*, int> Query;
    // void duckdb_destroy_result(duckdb_result *result);
    public readonly delegate* unmanaged<DuckDbResult*, void> DestroyResult;
    // const char *duckdb_result_error(duckdb_result *result);
    public readonly delegate* unmanaged<DuckDbResult*, byte*> ResultError;
    // idx_t duckdb_column_count(duckdb_result *result);
    public readonly delegate* unmanaged<DuckDbResult*, ulong> ColumnCount;
    // idx_t duckdb_row_count(duckdb_result *result);
    public readonly delegate* unmanaged<DuckDbResult*, ulong> RowCount;
    // const char *duckdb_column_name(duckdb_result *result, idx_t col);
    public readonly delegate* unmanaged<DuckDbResult*, ulong, byte*> ColumnName;
    // duckdb_logical_type duckdb_column_logical_type(duckdb_result *result, idx_t col);
    public readonly delegate* unmanaged<DuckDbResult*, ulong, nint> ColumnLogicalType;
    // void duckdb_destroy_logical_type(duckdb_logical_type *type);
    public readonly delegate* unmanaged<nint*, void> DestroyLogicalType;
    // bool duckdb_value_is_null(duckdb_result *result, idx_t col, idx_t row);
    public readonly delegate* unmanaged<DuckDbResult*, ulong, ulong, byte> ValueIsNull;
    // int64_t duckdb_value_int64(duckdb_result *result, idx_t col, idx_t row);
    public readonly delegate* unmanaged<DuckDbResult*, ulong, ulong, long> ValueInt64;
    // double duckdb_value_double(duckdb_result *result, idx_t col, idx_t row);
    public readonly delegate* unmanaged<DuckDbResult*, ulong, ulong, double> ValueDouble;
    // char *duckdb_value_varchar(duckdb_result *result, idx_t col, idx_t row);  (freed with duckdb_free)
    public readonly delegate* unmanaged<DuckDbResult*, ulong, ulong, byte*> ValueVarchar;
    // void duckdb_free(void *ptr);
    public readonly delegate* unmanaged<void*, void> Free;
    // duckdb_data_chunk duckdb_fetch_chunk(duckdb_result result);
    public readonly delegate* unmanaged<DuckDbResult, nint> FetchChunk;
    // idx_t duckdb_data_chunk_get_size(duckdb_data_chunk chunk);
    public readonly delegate* unmanaged<nint, ulong> DataChunkGetSize;
    // void duckdb_destroy_data_chunk(duckdb_data_chunk *chunk);
    public readonly delegate* unmanaged<nint*, void> DestroyDataChunk;
    // idx_t duckdb_data_chunk_get_column_count(duckdb_data_chunk chunk);
    public readonly delegate* unmanaged<nint, ulong> DataChunkGetColumnCount;
    // duckdb_vector duckdb_data_chunk_get_vector(duckdb_data_chunk chunk, idx_t col_idx);  (owned by the chunk)
    public readonly delegate* unmanaged<nint, ulong, nint> DataChunkGetVector;
    // duckdb_logical_type duckdb_vector_get_column_type(duckdb_vector vector);  (destroyed with duckdb_destroy_logical_type)
    public readonly delegate* unmanaged<nint, nint> VectorGetColumnType;
    // duckdb_arrow_options duckdb_result_get_arrow_options(duckdb_result *result);
    public readonly delegate* unmanaged<DuckDbResult*, nint> ResultGetArrowOptions;
    // void duckdb_destroy_arrow_options(duckdb_arrow_options *arrow_options);
    public readonly delegate* unmanaged<nint*, void> DestroyArrowOptions;
    // duckdb_error_data duckdb_to_arrow_schema(duckdb_arrow_options arrow_options, duckdb_logical_type *types,
    //     const char **names, idx_t column_count, struct ArrowSchema *out_schema);
    public readonly delegate* unmanaged<nint, nint*, byte**, ulong, CArrowSchema*, nint> ToArrowSchema;
    // duckdb_error_data duckdb_data_chunk_to_arrow(duckdb_arrow_options arrow_options, duckdb_data_chunk chunk,
    //     struct ArrowArray *out_arrow_array);
    public readonly delegate* unmanaged<nint, nint, CArrowArray*, nint> DataChunkToArrow;
    // duckdb_error_data duckdb_schema_from_arrow(duckdb_connection connection, struct ArrowSchema *schema,
    //     duckdb_arrow_converted_schema *out_types);
    public readonly delegate* unmanaged<nint, CArrowSchema*, nint*, nint> SchemaFromArrow;
    // duckdb_error_data duckdb_data_chunk_from_arrow(duckdb_connection connection, struct ArrowArray *arrow_array,
    //     duckdb_arrow_converted_schema converted_schema, duckdb_data_chunk *out_chunk);
    public readonly delegate* unmanaged<nint, CArrowArray*, nint, nint*, nint> DataChunkFromArrow;
    // void duckdb_destroy_arrow_converted_schema(duckdb_arrow_converted_schema *arrow_converted_schema);
    public readonly delegate* unmanaged<nint*, void> DestroyArrowConvertedSchema;
    // bool duckdb_error_data_has_error(duckdb_error_data error_data);
    public readonly delegate* unmanaged<nint, byte> ErrorDataHasError;
    // const char *duckdb_error_data_message(duckdb_error_data error_data);
    public readonly delegate* unmanaged<nint, byte*> ErrorDataMessage;
    // void duckdb_destroy_error_data(duckdb_error_data *error_data);
    public readonly delegate* unmanaged<nint*, void> DestroyErrorData;
    // duckdb_state duckdb_appender_create(duckdb_connection connection, const char *schema, const char *table,
    //     duckdb_appender *out_appender);
    public readonly delegate* unmanaged<nint, byte*, byte*, nint*, int> AppenderCreate;
    // duckdb_state duckdb_appender_create_query(duckdb_connection connection, const char *query, idx_t column_count,
    //     duckdb_logical_type *types, const char *table_name, const char **column_names, duckdb_appender *out_appender);
    public readonly delegate* unmanaged<nint, byte*, ulong, nint*, byte*, byte**, nint*, int> AppenderCreateQuery;
    // const char *duckdb_appender_error(duckdb_appender appender);
    public readonly delegate* unmanaged<nint, byte*> AppenderError;
    // duckdb_state duckdb_append_data_chunk(duckdb_appender appender, duckdb_data_chunk chunk);
    public readonly delegate* unmanaged<nint, nint, int> AppendDataChunk;
    // duckdb_state duckdb_appender_flush(duckdb_appender appender);  (on failure, duckdb_appender_error says why)
    public readonly delegate* unmanaged<nint, int> AppenderFlush;
    // duckdb_state duckdb_appender_destroy(duckdb_appender *appender);  (flushes, closes and frees)
    public readonly delegate* unmanaged<nint*, int> AppenderDestroy;
    // Deprecated, with no replacement yet in the C API for scanning foreign Arrow data as a view:
    // duckdb_state duckdb_arrow_scan(duckdb_connection connection, const char *table_name, duckdb_arrow_stream arrow);
    // (duckdb_arrow_stream is an ArrowArrayStream* in disguise)
    public readonly delegate* unmanaged<nint, byte*, CArrowArrayStream*, int> ArrowScan;

    private DuckDbNative(string libraryPath)
    {
        // The library stays loaded for the life of the process: DuckDB keeps worker threads.
        var library = NativeLibrary.Load(libraryPath);
        nint Symbol(string name) => NativeLibrary.GetExport(library, name);

        LibraryVersion = (delegate* unmanaged<byte*>)Symbol("duckdb_library_version");
        Open = (delegate* unmanaged<byte*, nint*, int>)Symbol("duckdb_open");
        Close = (delegate* unmanaged<nint*, void>)Symbol("duckdb_close");
        Connect = (delegate* unmanaged<nint, nint*, int>)Symbol("duckdb_connect");
        Disconnect = (delegate* unmanaged<nint*, void>)Symbol("duckdb_disconnect");
        Query = (delegate* unmanaged<nint, byte*, DuckDbResult*, int>)Symbol("duckdb_query");
        DestroyResult = (delegate* unmanaged<DuckDbResult*, void>)Symbol("duckdb_destroy_result");
        ResultError = (delegate* unmanaged<DuckDbResult*, byte*>)Symbol("duckdb_result_error");
        ColumnCount = (delegate* unmanaged<DuckDbResult*, ulong>)Symbol("duckdb_column_count");
        RowCount = (delegate* unmanaged<DuckDbResult*, ulong>)Symbol("duckdb_row_count");
        ColumnName = (delegate* unmanaged<DuckDbResult*, ulong, byte*>)Symbol("duckdb_column_name");
        ColumnLogicalType = (delegate* unmanaged<DuckDbResult*, ulong, nint>)Symbol("duckdb_column_logical_type");
        DestroyLogicalType = (delegate* unmanaged<nint*, void>)Symbol("duckdb_destroy_logical_type");
        ValueIsNull = (delegate* unmanaged<DuckDbResult*, ulong, ulong, byte>)Symbol("duckdb_value_is_null");
        ValueInt64 = (delegate* unmanaged<DuckDbResult*, ulong, ulong, long>)Symbol("duckdb_value_int64");
        ValueDouble = (delegate* unmanaged<DuckDbResult*, ulong, ulong, double>)Symbol("duckdb_value_double");
        ValueVarchar = (delegate* unmanaged<DuckDbResult*, ulong, ulong, byte*>)Symbol("duckdb_value_varchar");
        Free = (delegate* unmanaged<void*, void>)Symbol("duckdb_free");
        FetchChunk = (delegate* unmanaged<DuckDbResult, nint>)Symbol("duckdb_fetch_chunk");
        DataChunkGetSize = (delegate* unmanaged<nint, ulong>)Symbol("duckdb_data_chunk_get_size");
        DestroyDataChunk = (delegate* unmanaged<nint*, void>)Symbol("duckdb_destroy_data_chunk");
        DataChunkGetColumnCount = (delegate* unmanaged<nint, ulong>)Symbol("duckdb_data_chunk_get_column_count");
        DataChunkGetVector = (delegate* unmanaged<nint, ulong, nint>)Symbol("duckdb_data_chunk_get_vector");
        VectorGetColumnType = (delegate* unmanaged<nint, nint>)Symbol("duckdb_vector_get_column_type");
        ResultGetArrowOptions = (delegate* unmanaged<DuckDbResult*, nint>)Symbol("duckdb_result_get_arrow_options");
        DestroyArrowOptions = (delegate* unmanaged<nint*, void>)Symbol("duckdb_destroy_arrow_options");
        ToArrowSchema = (delegate* unmanaged<nint, nint*, byte**, ulong, CArrowSchema*, nint>)Symbol("duckdb_to_arrow_schema");
        DataChunkToArrow = (delegate* unmanaged<nint, nint, CArrowArray*, nint>)Symbol("duckdb_data_chunk_to_arrow");
        SchemaFromArrow = (delegate* unmanaged<nint, CArrowSchema*, nint*, nint>)Symbol("duckdb_schema_from_arrow");
        DataChunkFromArrow = (delegate* unmanaged<nint, CArrowArray*, nint, nint*, nint>)Symbol("duckdb_data_chunk_from_arrow");
        DestroyArrowConvertedSchema = (delegate* unmanaged<nint*, void>)Symbol("duckdb_destroy_arrow_converted_schema");
        ErrorDataHasError = (delegate* unmanaged<nint, byte>)Symbol("duckdb_error_data_has_error");
        ErrorDataMessage = (delegate* unmanaged<nint, byte*>)Symbol("duckdb_error_data_message");
        DestroyErrorData = (delegate* unmanaged<nint*, void>)Symbol("duckdb_destroy_error_data");
        AppenderCreate = (delegate* unmanaged<nint, byte*, byte*, nint*, int>)Symbol("duckdb_appender_create");
        AppenderCreateQuery = (delegate* unmanaged<nint, byte*, ulong, nint*, byte*, byte**, nint*, int>)Symbol("duckdb_appender_create_query");
        AppenderError = (delegate* unmanaged<nint, byte*>)Symbol("duckdb_appender_error");
        AppendDataChunk = (delegate* unmanaged<nint, nint, int>)Symbol("duckdb_append_data_chunk");
        AppenderFlush = (delegate* unmanaged<nint, int>)Symbol("duckdb_appender_flush");
        AppenderDestroy = (delegate* unmanaged<nint*, int>)Symbol("duckdb_appender_destroy");
        ArrowScan = (delegate* unmanaged<nint, byte*, CArrowArrayStream*, int>)Symbol("duckdb_arrow_scan");
    }
}
