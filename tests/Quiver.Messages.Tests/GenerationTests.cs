using Quiver.Messages;
using Quiver.Messages.Tests.Topics;

namespace Quiver.Messages.Tests;

/// <summary>
/// Views check the generation of their columns on every read: once a message is released the
/// columns move on, and every view taken before (nested views, list views, list elements) throws
/// while the batch itself is still alive, as when the columns are rebound to the next message.
/// </summary>
public class GenerationTests
{
    private static T View<T>(MessageColumns columns, int row) where T : IMessage<T> => T.CreateView(columns, row);

    [Fact]
    public void Every_kind_of_view_throws_once_its_message_is_released_though_the_batch_lives()
    {
        using var batch = AllTypesSamples.Maximum().ToBatch();
        var columns = MessageColumns.Of(batch.RecordBatch);
        var view = View<AllTypes.AllTypes>(columns, 0);
        var pose = view.Pose;
        var poses = view.Poses;
        var tags = view.Tags;
        var row = view.Matrix[0];
        Assert.Equal(int.MaxValue, view.I32);

        columns.Release();

        Assert.False(batch.IsDisposed);
        var released = Assert.Throws<ObjectDisposedException>(() => view.I32);
        Assert.Contains("the message was released", released.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ObjectDisposedException>(() => view.Text);
        Assert.Throws<ObjectDisposedException>(() => view.Blob.Length);
        Assert.Throws<ObjectDisposedException>(() => view.Ints.Length);
        Assert.Throws<ObjectDisposedException>(() => view.HasMaybePose);
        Assert.Throws<ObjectDisposedException>(() => view.ToValue());
        Assert.Throws<ObjectDisposedException>(() => pose.Position.X);
        Assert.Throws<ObjectDisposedException>(() => poses[0]);
        Assert.Throws<ObjectDisposedException>(() => tags[0]);
        Assert.Throws<ObjectDisposedException>(() => row.Span.Length);
    }

    [Fact]
    public void A_view_made_after_the_release_reads_the_columns_again()
    {
        using var batch = AllTypesSamples.Maximum().ToBatch();
        var columns = MessageColumns.Of(batch.RecordBatch);
        var stale = View<AllTypes.AllTypes>(columns, 0);

        columns.Release();
        var fresh = View<AllTypes.AllTypes>(columns, 0);

        Assert.Equal(int.MaxValue, fresh.I32);
        ValueEquivalence.AssertEquivalent(AllTypesSamples.Maximum(), fresh.ToValue(), "fresh view");
        Assert.Throws<ObjectDisposedException>(() => stale.I32);
    }
}
