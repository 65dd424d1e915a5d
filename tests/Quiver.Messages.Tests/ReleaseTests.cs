using AllTypes;

namespace Quiver.Messages.Tests;

public class ReleaseTests
{
    private static MessageBatch<AllTypes.AllTypes> Batch() => AllTypesSamples.Maximum().ToBatch();

    [Fact]
    public void A_view_throws_after_its_batch_is_disposed()
    {
        var batch = Batch();
        var view = batch[0];
        Assert.Equal(int.MaxValue, view.I32);

        batch.Dispose();

        Assert.Throws<ObjectDisposedException>(() => view.I32);
        Assert.Throws<ObjectDisposedException>(() => view.Text);
        Assert.Throws<ObjectDisposedException>(() => view.Blob.Length);
        Assert.Throws<ObjectDisposedException>(() => view.Ints.Length);
        Assert.Throws<ObjectDisposedException>(() => view.StampNs);
        Assert.Throws<ObjectDisposedException>(() => view.Pose);
        Assert.Throws<ObjectDisposedException>(() => view.HasMaybePose);
        Assert.Throws<ObjectDisposedException>(() => view.ToValue());
    }

    [Fact]
    public void Nested_views_and_list_views_taken_before_release_throw_after_it()
    {
        var batch = Batch();
        var pose = batch[0].Pose;
        var poses = batch[0].Poses;
        var tags = batch[0].Tags;
        var row = batch[0].Matrix[0];

        batch.Dispose();

        Assert.Throws<ObjectDisposedException>(() => pose.Position.X);
        Assert.Throws<ObjectDisposedException>(() => poses[0]);
        Assert.Throws<ObjectDisposedException>(() => tags[0]);
        Assert.Throws<ObjectDisposedException>(() => row.Span.Length);
    }

    [Fact]
    public void The_batch_itself_throws_after_dispose()
    {
        var batch = Batch();

        batch.Dispose();

        Assert.True(batch.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => batch.Count);
        Assert.Throws<ObjectDisposedException>(() => batch[0]);
        Assert.Throws<ObjectDisposedException>(() => batch.RecordBatch);
        batch.Dispose();
    }

    [Fact]
    public void A_copy_taken_with_ToValue_outlives_the_batch()
    {
        var batch = Batch();
        var copy = batch[0].ToValue();

        batch.Dispose();

        Assert.Equal("héllo, 世界 🌍", copy.Text);
        Assert.Equal(100_000, copy.Blob.Length);
        Assert.Equal(1000, copy.Poses.Length);
    }
}
