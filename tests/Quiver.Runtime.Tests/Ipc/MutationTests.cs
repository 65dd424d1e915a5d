using Quiver.Arrow;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// Seeded mutation testing of the readers: every mutant must either read completely (every value
/// of every column walked through the views) or be refused with <see cref="ArrowFormatException"/>.
/// Anything else fails with the seed and mutant index, which reproduce it alone. Every stream
/// mutant is also read through one <see cref="ReusableRecordBatchReader"/> per stream, which must
/// come to the same outcome and read the same values, and be unbound after a refusal — except
/// streams with dictionary-encoded fields: their dictionaries come once for many batches, and the
/// reusable reader reads single messages that carry their own (DictionaryIpcTests covers it).
/// </summary>
public class MutationTests
{
    private const int Seed = 20_250_117;
    private const int MutantsPerStream = 2000;

    [Fact]
    public void StreamMutantsReadFullyOrFailWithFormatErrors()
    {
        // Arrow C++'s golden streams, plus one Quiver wrote with the types they lack (half floats,
        // fixed-size lists of strings, structs with null children).
        var corpus = ArrowTestingData.StreamNames().Select(n => (Name: n, Bytes: ArrowTestingData.ReadStream(n))).ToList();
        corpus.Add(("quiver_sample_columns", QuiverSampleStream()));
        var names = corpus.Select(c => c.Name).ToList();
        var failures = new List<string>();
        int read = 0, refused = 0;
        for (var file = 0; file < corpus.Count; file++)
        {
            var original = corpus[file].Bytes;
            var readsReusably = !HasDictionaries(original);
            var mutator = new StreamMutator(original, MetadataRegions(original));
            for (var index = 0; index < MutantsPerStream; index++)
            {
                var mutantSeed = MutantSeed(file, index);
                var (bytes, description) = mutator.Mutate(new Random(mutantSeed));
                var where = $"seed {Seed}, {names[file]} mutant {index} (mutant seed {mutantSeed}, {description})";
                long? oneShot = null;
                try
                {
                    var reader = new IpcStreamReader(bytes);
                    long sum = 0;
                    foreach (var batch in reader.ReadAll())
                        foreach (var column in batch.Columns)
                            sum += ColumnWalker.Touch(column);
                    oneShot = sum;
                    read++;
                }
                catch (ArrowFormatException)
                {
                    refused++;
                }
                catch (Exception e)
                {
                    failures.Add($"{where}: {e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}");
                    continue;
                }
                if (!readsReusably)
                    continue;
                try
                {
                    var reusable = ReadReusably(bytes);
                    if (reusable != oneShot)
                        failures.Add($"{where}: the reusable reader read {reusable?.ToString() ?? "nothing"}, the one-shot reader {oneShot?.ToString() ?? "nothing"}");
                }
                catch (Exception e)
                {
                    failures.Add($"{where}, reusable reader: {e.GetType().Name}: {e.Message}{Environment.NewLine}{e.StackTrace}");
                }
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} mutants escaped:{Environment.NewLine}{string.Join(Environment.NewLine, failures.Take(5))}");
        Assert.Equal(names.Count * MutantsPerStream, read + refused);
        // Both outcomes must be common, or the mutants are not testing what they should.
        Assert.True(read > 1000 && refused > 1000, $"{read} read, {refused} refused");
    }

    [Fact]
    public void FlatbufferMutantsReadFullyOrFailWithFormatErrors()
    {
        var original = BuildTree();
        Assert.Equal(TreeWalk(original), TreeWalk(original));
        var mutator = new StreamMutator(original, []);
        var failures = new List<string>();
        for (var index = 0; index < 20_000; index++)
        {
            var mutantSeed = MutantSeed(-1, index);
            var (bytes, description) = mutator.Mutate(new Random(mutantSeed));
            try
            {
                TreeWalk(bytes);
            }
            catch (ArrowFormatException)
            {
            }
            catch (Exception e)
            {
                failures.Add($"seed {Seed}, flatbuffer mutant {index} (mutant seed {mutantSeed}, {description}): {e.GetType().Name}: {e.Message}");
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(5)));
    }

    /// <summary>Whether the stream's schema has a dictionary-encoded field; false for a schema Quiver refuses.</summary>
    private static bool HasDictionaries(byte[] stream)
    {
        try
        {
            return new IpcStreamReader(stream).Schema.Fields.Any(f => HasDictionaries(f.Type));
        }
        catch (ArrowFormatException)
        {
            return false;
        }
    }

    private static bool HasDictionaries(Quiver.Arrow.Types.ArrowType type) =>
        type is Quiver.Arrow.Types.DictionaryType || type.Children.Any(c => HasDictionaries(c.Type));

    /// <summary>
    /// Reads every batch of <paramref name="stream"/> into one reusable reader; the checksum of
    /// everything read, or null when something was refused (a message refused by the reader must leave it unbound).
    /// </summary>
    private static long? ReadReusably(byte[] stream)
    {
        Schema schema;
        try
        {
            schema = new IpcStreamReader(stream).Schema;
        }
        catch (ArrowFormatException)
        {
            return null;
        }
        var reader = new ReusableRecordBatchReader(schema);
        var position = EncapsulatedMessage.Read(stream, 0).Length;
        long sum = 0;
        try
        {
            while (position < stream.Length)
            {
                var message = EncapsulatedMessage.Read(stream, position);
                if (message.IsEndOfStream)
                    break;
                try
                {
                    reader.Read(stream.AsMemory(position));
                }
                catch (ArrowFormatException)
                {
                    Assert.False(reader.IsBound);
                    Assert.Throws<InvalidOperationException>(() => reader.Batch);
                    throw;
                }
                foreach (var column in reader.Batch.Columns)
                    sum += ColumnWalker.Touch(column);
                position += message.Length;
            }
            return sum;
        }
        catch (ArrowFormatException)
        {
            // Refused by the reader, or by a view reading a value (strict UTF-8), like the one-shot path.
            return null;
        }
    }

    private static byte[] QuiverSampleStream()
    {
        var batch = SampleColumns.Batch(SampleColumns.All());
        var output = new MemoryStream();
        using (var writer = new IpcStreamWriter(output, batch.Schema))
        {
            writer.Write(batch);
            writer.Write(new RecordBatch(batch.Schema, batch.Columns.Select(c => c.Slice(3, 5)), 5));
        }
        return output.ToArray();
    }

    private static int MutantSeed(int file, int index) => unchecked(Seed * 31 + (file + 1) * 100_003 + index);

    /// <summary>Where each message's prefix and flatbuffer metadata lie in a valid stream.</summary>
    private static (int Start, int End)[] MetadataRegions(byte[] stream)
    {
        var regions = new List<(int, int)>();
        var position = 0;
        while (position < stream.Length)
        {
            var message = EncapsulatedMessage.Read(stream, position);
            regions.Add((position, position + 8 + message.Metadata.Length));
            if (message.IsEndOfStream)
                break;
            position += message.Length;
        }
        return regions.ToArray();
    }

    /// <summary>A tree of tables: slot 0 name, slot 1 int64, slot 2 children, slot 3 vector of 16-byte structs, slot 4 strings.</summary>
    private static byte[] BuildTree()
    {
        var builder = new FlatBufferBuilder();
        int Node(int depth, int index)
        {
            var children = depth < 3 ? Enumerable.Range(0, 3).Select(i => Node(depth + 1, i)).ToArray() : [];
            var childVector = builder.CreateOffsetVector(children);
            builder.StartVector(16, index + 1, 8);
            for (var i = index; i >= 0; i--)
            {
                builder.PutInt64(i * 2);
                builder.PutInt64(i);
            }
            var structs = builder.EndVector(index + 1);
            var tags = builder.CreateOffsetVector([builder.CreateString("tag"), builder.CreateString($"d{depth}")]);
            var name = builder.CreateString($"node {depth}.{index}");
            builder.StartTable(5);
            builder.AddOffset(0, name);
            builder.AddInt64(1, depth * 100 + index);
            builder.AddOffset(2, childVector);
            builder.AddOffset(3, structs);
            builder.AddOffset(4, tags);
            return builder.EndTable();
        }
        return builder.Finish(Node(0, 0)).ToArray();
    }

    private static long TreeWalk(byte[] bytes)
    {
        var limits = FlatBufferLimits.For(bytes.Length);
        return Walk(FlatBufferTable.ReadRoot(bytes, ref limits));

        static long Walk(FlatBufferTable table)
        {
            long sum = table.GetInt64(1, 0) + (table.GetString(0)?.Length ?? 0);
            var children = table.GetVector(2, 4);
            for (var i = 0; i < children.Count; i++)
                sum += Walk(children.GetTable(i));
            var structs = table.GetVector(3, 16);
            for (var i = 0; i < structs.Count; i++)
                sum += structs.GetInt64(i) + structs.GetBytes(i)[15];
            var tags = table.GetVector(4, 4);
            for (var i = 0; i < tags.Count; i++)
                sum += tags.GetString(i).Length;
            return sum + table.GetUInt8(7, 0) + table.GetInt16(6, 0) + (table.Has(5) ? 1 : 0);
        }
    }
}
