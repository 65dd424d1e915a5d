namespace Quiver.DuckDb;

/// <summary>A DuckDB call reported failure; the message carries DuckDB's own explanation.</summary>
public sealed class DuckDbException(string message) : Exception(message);
