using System.Buffers.Binary;
using Quiver.Cli;
using Quiver.Recording.TestPeer;
using static Quiver.Recording.Tests.InProcessQuiver;

namespace Quiver.Recording.Tests;

/// <summary>
/// <c>quiver record --compress</c>: the same publisher processes recorded with and without body
/// compression at once, then read back by Apache.Arrow, DuckDB and playback; and compressed data
/// damaged in the ways a file can be.
/// </summary>
[Collection(RecordingCollection.Name)]
public sealed class CompressionTests(RecordingFixture fixture)
{
    private const int Count = 12;

    [Theory]
    [InlineData(RecordingCompression.Zstd, "zstd")]
    [InlineData(RecordingCompression.Lz4, "lz4")]
    public void A_compressed_recording_holds_the_published_values_and_plays_the_original_messages(RecordingCompression compression, string codec)
    {
        using var scratch = new ScratchDirectory();
        string frames = fixture.NewTopic("frames"), images = fixture.NewTopic("camera"), readings = fixture.NewTopic("lab");
        string[] topics = [frames, images, readings];
        string plain = scratch.Recording("plain"), compressed = scratch.Recording("compressed"), replayed = scratch.Recording("replayed");
        RecordTwice(plain, compressed, compression, (frames, "frame"), (images, "image"), (readings, "reading"));

        Assert.All(RecordingMetadata.Load(compressed).Topics.SelectMany(t => t.Files), f => Assert.Equal(codec, f.Compression));
        Assert.All(RecordingMetadata.Load(plain).Topics.SelectMany(t => t.Files), f => Assert.Null(f.Compression));
        var framesFile = RecordedFiles.TopicPath(compressed, frames);
        // Without a codec Apache.Arrow refuses the file: its bodies are compressed.
        Assert.ThrowsAny<Exception>(() => RecordedFiles.Batches(framesFile, withCodecs: false));
        long plainSize = new FileInfo(RecordedFiles.TopicPath(plain, frames)).Length, compressedSize = new FileInfo(framesFile).Length;
        Assert.True(compressedSize * 4 < plainSize, $"{compressedSize} compressed bytes for {plainSize}");
        RecordedFiles.AssertFrames(framesFile, Count);
        RecordedFiles.AssertImages(RecordedFiles.TopicPath(compressed, images), Count);
        RecordedFiles.AssertReadings(RecordedFiles.TopicPath(compressed, readings), Count);

        var readingRows = Enumerable.Range(0, Count).Sum(i => i % 3 + 1);
        foreach (var (query, rows) in new[]
        {
            ($"select count(*) as n, sum(octet_length(data)) as bytes, sum(width) as widths, max(frame_id) as last from '{frames}'", Count),
            ($"select count(*) as n, sum(id) as ids, sum(value) as total, max(name) as last from '{readings}'", readingRows),
            ($"select count(*) as n, list(frame_id order by frame_id) as ids, sum(octet_length(data)) as bytes from '{images}'", Count),
        })
        {
            var (plainAnswer, compressedAnswer) = (Sql(query, plain), Sql(query, compressed));
            Assert.Contains($"\"n\":{rows},", plainAnswer.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.Equal(plainAnswer, compressedAnswer);
        }
        // A topic file named in the query is decompressed too: its recording's metadata says it is compressed.
        var byFile = "select count(*) as n, sum(octet_length(data)) as bytes, max(frame_id) as last from '{0}'";
        Assert.Equal(SqlOnFile(byFile, RecordedFiles.TopicPath(plain, frames)), SqlOnFile(byFile, framesFile));

        using (var player = Player.Create(RecordingReader.Open(compressed), new PlayerOptions { WaitForSubscribers = 1, Rate = 8 }))
        using (var typed = Topic.Subscribe<Vision.Image>(frames))
        {
            RecorderTests.Record(replayed, topics, () =>
            {
                var result = player.Play();
                Assert.Empty(result.Problems);
                Assert.All(topics, t => Assert.Equal(Count, result.Published[t]));
            }, waitFor: 3 * Count);
            for (var i = 0; i < Count; i++)
            {
                using var received = typed.Receive(TimeSpan.FromSeconds(30));
                Assert.Equal(RecordedSamples.FrameBytes(i), received!.Message.Data.ToArray());
            }
        }
        foreach (var topic in topics)
            RecordedFiles.AssertSameMessages(RecordedFiles.TopicPath(plain, topic), RecordedFiles.TopicPath(replayed, topic));
    }

    [Theory]
    [InlineData(RecordingCompression.Zstd, "frame", "does not decompress into its declared")]
    [InlineData(RecordingCompression.Lz4, "frame", "does not decompress into its declared")]
    [InlineData(RecordingCompression.Zstd, "longer", "decompresses to 16384 bytes, not its declared 16392")]
    [InlineData(RecordingCompression.Lz4, "longer", "decompresses to 16384 bytes, not its declared 16392")]
    [InlineData(RecordingCompression.Zstd, "shorter", "its declared 16376 bytes")]
    [InlineData(RecordingCompression.Lz4, "shorter", "decompresses to more bytes, not its declared 16376")]
    [InlineData(RecordingCompression.Zstd, "huge", "declares 1099511627776 uncompressed bytes")]
    [InlineData(RecordingCompression.Lz4, "huge", "more than the codec can expand to")]
    public void Damaged_compressed_data_plays_and_queries_up_to_the_damage_and_says_where_it_stopped(RecordingCompression compression, string damage, string expected)
    {
        using var scratch = new ScratchDirectory();
        var topic = fixture.NewTopic("damaged");
        var directory = scratch.Recording();
        using (var publisher = Topic.Publish<Vision.Image>(topic))
        {
            RecorderTests.Record(directory, [topic], () =>
            {
                for (var i = 0; i < 4; i++)
                    publisher.Send(RecordedSamples.Frame(i));
            }, waitFor: 4, new RecorderOptions { Compression = compression });
        }
        var path = RecordedFiles.TopicPath(directory, topic);
        var third = TopicFileScan.Read(path).Samples[2];
        Damage(path, third, compression, damage);

        using var replay = PlayerTests.PlayRemapped(fixture, directory, topic);

        Assert.Equal(2, replay.Result.Published[replay.Remapped]);
        var problem = Assert.Single(replay.Result.Problems);
        Assert.Contains($"played up to batch 2, then stopped: the sample at byte {third.Offset} does not decompress", problem);
        Assert.Contains(expected, problem);
        for (var i = 0; i < 2; i++)
        {
            using var received = replay.Subscriber.Receive(TimeSpan.FromSeconds(30));
            Assert.Equal(RecordedSamples.FrameBytes(i), received!.Message.Data.ToArray());
        }

        var (code, output, errors) = Run("sql", $"select count(*) as n, max(frame_id) as last from '{topic}'", "--recording", directory, "--json");
        Assert.True(code == ExitCodes.Success, errors);
        Assert.Contains(expected, errors);
        Assert.Equal("{\"n\":2,\"last\":\"frame-1\"}", output.Trim().Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Quiver_record_compress_records_a_publisher_process_that_inspect_and_apache_arrow_read()
    {
        using var scratch = new ScratchDirectory();
        var images = fixture.NewTopic("camera");
        var directory = scratch.Recording();
        using (var publisher = RecordingPeer.Publisher(fixture, images, "image", Count))
        using (var recorder = new CliProcess(fixture.RuntimeDirectoryPath, "Recording ", "record", "-o", directory, images, "--compress", "lz4"))
        {
            publisher.SendAll(1);
            Assert.True(recorder.Interrupt() == ExitCodes.Success, recorder.StandardError);
            recorder.Expect($"{images}: {Count} messages");
            Assert.Equal(0, publisher.Finish());
        }

        Assert.Equal("lz4", RecordingMetadata.Load(directory).Topics.Single().Files.Single().Compression);
        RecordedFiles.AssertImages(RecordedFiles.TopicPath(directory, images), Count);
        var (code, output, errors) = Run("inspect", directory, "--json");
        Assert.True(code == ExitCodes.Success, errors);
        Assert.Contains($"\"messages\": {Count}", output);

        (code, _, errors) = Run("record", "-o", scratch.Recording("other"), images, "--compress", "gzip");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("'gzip'", errors);
        Assert.Contains("zstd", errors);
    }

    [Fact]
    public void A_sample_the_recorder_cannot_re_encode_is_written_as_it_arrived()
    {
        using var compressor = new SampleCompressor(RecordingCompression.Zstd);
        byte[] noise = [.. Enumerable.Range(0, 100).Select(i => (byte)(i * 37))];
        Assert.Equal(noise, compressor.Compress(noise).ToArray());

        var (schema, batch) = ApacheArrowMessages(RecordedSamples.Reading(2));
        var compressed = compressor.Compress(batch).ToArray();
        Assert.NotEqual(batch, compressed);
        // Compressed already: kept as it is rather than compressed twice.
        Assert.Equal(compressed, compressor.Compress(compressed).ToArray());

        using var decompressor = new SampleDecompressor();
        var decompressed = new byte[decompressor.Measure(compressed, 0, compressed.Length)];
        decompressor.WriteTo(decompressed);
        using var reader = new Apache.Arrow.Ipc.ArrowStreamReader(new MemoryStream([.. schema, .. decompressed]));
        using var read = reader.ReadNextRecordBatch();
        var names = (Apache.Arrow.StringArray)read.Column("name");
        Assert.Equal(["r2.0", "r2.1", "r2.2"], Enumerable.Range(0, read.Length).Select(row => names.GetString(row)));
    }

    /// <summary>The schema message and the record batch message Apache.Arrow's stream writer writes for <paramref name="batch"/>.</summary>
    private static (byte[] Schema, byte[] Batch) ApacheArrowMessages(Apache.Arrow.RecordBatch batch)
    {
        using var stream = new MemoryStream();
        using (var writer = new Apache.Arrow.Ipc.ArrowStreamWriter(stream, batch.Schema, leaveOpen: true))
            writer.WriteRecordBatch(batch);
        var bytes = stream.ToArray();
        var schemaLength = 8 + BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        return (bytes[..schemaLength], bytes[schemaLength..]);
    }

    /// <summary>Records the peers' topics into two directories at once, one of them compressed: both hold the very same messages.</summary>
    private void RecordTwice(string plain, string compressed, RecordingCompression compression, params (string Topic, string Kind)[] peers)
    {
        var publishers = peers.Select(p => RecordingPeer.Publisher(fixture, p.Topic, p.Kind, Count)).ToList();
        try
        {
            var topics = peers.Select(p => p.Topic).ToList();
            using var plainRecorder = Recorder.Start(plain, topics);
            using var compressedRecorder = Recorder.Start(compressed, topics, new RecorderOptions { Compression = compression });
            using var stop = new CancellationTokenSource();
            var running = new[] { plainRecorder, compressedRecorder }.Select(r => Task.Run(() => r.Run(stop.Token))).ToList();
            publishers.ForEach(p => p.SendAll(2));
            bool AllWritten() => new[] { plainRecorder, compressedRecorder }.All(r => r.Snapshot().Topics.Sum(t => t.Messages) == peers.Length * Count);
            Assert.True(SpinWait.SpinUntil(AllWritten, TimeSpan.FromSeconds(30)), "the recorders did not write every message");
            stop.Cancel();
            Task.WaitAll([.. running]);
            publishers.ForEach(p => Assert.Equal(0, p.Finish()));
        }
        finally
        {
            publishers.ForEach(p => p.Dispose());
        }
    }

    /// <summary>
    /// Damages the frame's pixel buffer in <paramref name="sample"/>: the one compressed buffer that
    /// declares the frame's size, found as its 8-byte length followed by the codec's frame magic.
    /// </summary>
    private static void Damage(string path, ScannedSample sample, RecordingCompression compression, string damage)
    {
        var bytes = File.ReadAllBytes(path);
        var frameSize = RecordedSamples.FrameSide * RecordedSamples.FrameSide;
        Span<byte> marker = stackalloc byte[12];
        BinaryPrimitives.WriteInt64LittleEndian(marker, frameSize);
        BinaryPrimitives.WriteUInt32LittleEndian(marker[8..], compression == RecordingCompression.Zstd ? 0xFD2FB528u : 0x184D2204u);
        var at = (int)sample.Offset + bytes.AsSpan((int)sample.Offset, sample.Length).IndexOf(marker);
        Assert.True(at >= sample.Offset, "the frame's compressed buffer was not found");
        switch (damage)
        {
            case "frame":
                bytes.AsSpan(at + 8, 4).Clear();
                break;
            case "longer":
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), frameSize + 8);
                break;
            case "shorter":
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), frameSize - 8);
                break;
            case "huge":
                BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), 1L << 40);
                break;
        }
        File.WriteAllBytes(path, bytes);
    }

    private static string SqlOnFile(string query, string file)
    {
        var (code, output, errors) = Run("sql", string.Format(query, file), "--json");
        Assert.True(code == ExitCodes.Success, errors);
        Assert.Contains($"\"n\":{Count},", output, StringComparison.Ordinal);
        return output;
    }

    private static string Sql(string query, string recording)
    {
        var (code, output, errors) = Run("sql", query, "--recording", recording, "--json");
        Assert.True(code == ExitCodes.Success, errors);
        Assert.Equal("", errors);
        return output;
    }
}
