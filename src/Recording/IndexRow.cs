namespace Quiver.Recording;

/// <summary>One recorded message: where it is (topic file and batch number in it) and when it was published and received (ns since the Unix epoch).</summary>
public readonly record struct IndexRow(string Topic, string File, long Batch, ulong Sequence, long PublishedNanoseconds, long ReceivedNanoseconds);
