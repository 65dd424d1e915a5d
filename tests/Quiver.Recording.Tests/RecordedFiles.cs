using Apache.Arrow;
using Apache.Arrow.Compression;
using Apache.Arrow.Ipc;

namespace Quiver.Recording.Tests;

/// <summary>Reads a recording's files the way a user without Quiver would: with Apache.Arrow's stream reader (and its codecs, for compressed recordings).</summary>
public static class RecordedFiles
{
    public static List<RecordBatch> Batches(string path, bool withCodecs = true)
    {
        using var stream = File.OpenRead(path);
        using var reader = withCodecs ? new ArrowStreamReader(stream, new CompressionCodecFactory()) : new ArrowStreamReader(stream);
        var batches = new List<RecordBatch>();
        while (reader.ReadNextRecordBatch() is { } batch)
            batches.Add(batch);
        return batches;
    }

    public static string TopicPath(string recording, string topic, int part = 0) =>
        Path.Combine(recording, RecordingFiles.TopicFile(topic, part));

    /// <summary>The index rows of <paramref name="topic"/> as (file, batch, sequence).</summary>
    public static List<(string File, long Batch, ulong Sequence)> IndexRows(string recording, string topic)
    {
        var rows = new List<(string, long, ulong)>();
        foreach (var batch in Batches(Path.Combine(recording, RecordingFiles.Index)))
        {
            var topics = (StringArray)batch.Column("topic");
            var files = (StringArray)batch.Column("file");
            var numbers = (Int64Array)batch.Column("batch");
            var sequences = (UInt64Array)batch.Column("sequence");
            for (var i = 0; i < batch.Length; i++)
            {
                if (topics.GetString(i) == topic)
                    rows.Add((files.GetString(i), numbers.GetValue(i)!.Value, sequences.GetValue(i)!.Value));
            }
        }
        return rows;
    }

    /// <summary>Checks that image <c>i</c> of the file is RecordedSamples.Image(first + i).</summary>
    public static void AssertImages(string path, int count, int first = 0)
    {
        var batches = Batches(path);
        Assert.Equal(count, batches.Count);
        for (var i = 0; i < count; i++)
        {
            var batch = batches[i];
            Assert.Equal(1, batch.Length);
            Assert.Equal($"frame-{first + i}", ((StringArray)batch.Column("frame_id")).GetString(0));
            Assert.Equal(TestPeer.RecordedSamples.ImageBytes(first + i), ((BinaryArray)batch.Column("data")).GetBytes(0).ToArray());
        }
    }

    /// <summary>Checks that frame <c>i</c> of the file is RecordedSamples.Frame(i).</summary>
    public static void AssertFrames(string path, int count)
    {
        var batches = Batches(path);
        Assert.Equal(count, batches.Count);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal($"frame-{i}", ((StringArray)batches[i].Column("frame_id")).GetString(0));
            Assert.Equal(TestPeer.RecordedSamples.FrameBytes(i), ((BinaryArray)batches[i].Column("data")).GetBytes(0).ToArray());
        }
    }

    /// <summary>Checks that reading <c>i</c> of the file is RecordedSamples.Reading(i), row by row.</summary>
    public static void AssertReadings(string path, int count)
    {
        var batches = Batches(path);
        Assert.Equal(count, batches.Count);
        for (var i = 0; i < count; i++)
        {
            var batch = batches[i];
            Assert.Equal(i % 3 + 1, batch.Length);
            for (var row = 0; row < batch.Length; row++)
            {
                Assert.Equal(i * 10L + row, ((Int64Array)batch.Column("id")).GetValue(row));
                Assert.Equal(i + row / 4.0, ((DoubleArray)batch.Column("value")).GetValue(row));
                Assert.Equal($"r{i}.{row}", ((StringArray)batch.Column("name")).GetString(row));
            }
        }
    }

    /// <summary>Both files hold the same schema message and the same sample bytes, message for message.</summary>
    public static void AssertSameMessages(string expectedPath, string actualPath)
    {
        TopicFileScan expected = TopicFileScan.Read(expectedPath), actual = TopicFileScan.Read(actualPath);
        Assert.Equal(expected.SchemaMessage, actual.SchemaMessage);
        Assert.Equal(expected.Samples.Count, actual.Samples.Count);
        byte[] expectedBytes = File.ReadAllBytes(expectedPath), actualBytes = File.ReadAllBytes(actualPath);
        for (var i = 0; i < expected.Samples.Count; i++)
        {
            ScannedSample e = expected.Samples[i], a = actual.Samples[i];
            Assert.True(expectedBytes.AsSpan((int)e.Offset, e.Length).SequenceEqual(actualBytes.AsSpan((int)a.Offset, a.Length)), $"message {i} differs");
        }
    }
}
