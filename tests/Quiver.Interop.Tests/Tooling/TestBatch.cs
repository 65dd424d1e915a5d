using Quiver.Arrow;

namespace Quiver.Interop.Tests.Tooling;

/// <summary>
/// One record batch described by its C# values (see <see cref="TestBatches"/>), optionally as a
/// window [<paramref name="Offset"/>, Offset + Length) on arrays laid out for all the values, so
/// writers and exporters meet non-zero offsets.
/// </summary>
public sealed record TestBatch(IReadOnlyList<object?>[] Columns, int Offset = 0, int? Length = null)
{
    public int RowCount => Length ?? (Columns.Length == 0 ? 0 : Columns[0].Count - Offset);

    public RecordBatch Build(Schema schema) => Offset == 0 && Length is null
        ? TestBatches.Create(schema, Columns)
        : TestBatches.CreateSliced(schema, Columns, Offset, RowCount);

    /// <summary>The values the built batch holds: the window only.</summary>
    public IReadOnlyList<object?>[] VisibleColumns => Columns.Select(c => (IReadOnlyList<object?>)c.Skip(Offset).Take(RowCount).ToList()).ToArray();
}

/// <summary>A named schema and the batches to send under it.</summary>
public sealed record TestStream(string Name, Schema Schema, IReadOnlyList<TestBatch> Batches)
{
    public override string ToString() => Name;
}
