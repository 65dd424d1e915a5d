namespace Quiver.Messages.Tests;

public class RuntimeSurfaceTests
{
    [Fact]
    public void Sizes_beyond_an_arrow_array_are_refused_before_anything_is_written()
    {
        var sizes = new MessageSizes(Vision.Image.Schema, 2);
        sizes.AddValueBytes(5, int.MaxValue);

        var error = Assert.Throws<InvalidOperationException>(() => sizes.AddValueBytes(5, 1));
        Assert.Contains("2^31-1", error.Message);
    }

    [Fact]
    public void List_views_check_their_index()
    {
        using var batch = new Vision.Image.Value { Labels = ["a", "b"] }.ToBatch();
        var labels = batch[0].Labels;

        Assert.Equal(2, labels.Count);
        Assert.Equal("b", labels[1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => labels[2]);
        Assert.Throws<ArgumentOutOfRangeException>(() => labels[-1]);
    }

    [Fact]
    public void A_batch_of_many_rows_written_from_values_reads_every_row()
    {
        var rows = Enumerable.Range(0, 10_000)
            .Select(i => new Perception.Detection.Value { Label = "object " + i, Class = (uint)i, Score = i / 10_000f, TrackId = i % 2 == 0 ? (ulong)i : null })
            .ToArray();

        using var batch = rows.ToBatch();

        Assert.Equal(10_000, batch.Count);
        Assert.Equal(rows.Select(r => r.Label), batch.Select(d => d.Label));
        Assert.Equal(rows.Select(r => r.TrackId), batch.Select(d => d.TrackId));
        Assert.Equal(rows.Select(r => r.Class), batch.Select(d => d.Class));
    }
}
