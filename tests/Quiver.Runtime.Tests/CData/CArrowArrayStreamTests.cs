using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.CData;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.CData;

public unsafe class CArrowArrayStreamTests
{
    private static readonly Schema TwoColumns = new(
        [new Field("id", IntType.Int64, false), new Field("name", Utf8Type.Default)],
        KeyValueMetadata.From(("stream", "test")));

    private static RecordBatch Batch(long first, IDisposable owner, params string?[] names) => new(TwoColumns,
        [
            ArrowArrayFactory.Create(TestArrays.Primitive(IntType.Int64, Enumerable.Range(0, names.Length).Select(i => first + i).ToArray())),
            ArrowArrayFactory.Create(TestArrays.Strings(Utf8Type.Default, names)),
        ], names.Length, owner);

    /// <summary>Yields batches and records whether the enumeration was closed.</summary>
    private sealed class Source(params RecordBatch[] batches)
    {
        public bool Closed { get; private set; }

        public IEnumerable<RecordBatch> Batches()
        {
            try
            {
                foreach (var batch in batches)
                    yield return batch;
            }
            finally
            {
                Closed = true;
            }
        }
    }

    [Fact]
    public void StreamRoundTripHandsOutEveryBatchAndDisposesEachWhenItsConsumerReleasesIt()
    {
        CountingDisposable[] owners = [new(), new(), new()];
        var source = new Source(Batch(0, owners[0], "a", "b"), Batch(2, owners[1], [null]), Batch(3, owners[2], "c", "d", "e"));
        var c = (CArrowArrayStream*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArrayStream));
        try
        {
            CArrowArrayStreamExporter.ExportStream(TwoColumns, source.Batches(), c);
            using (var stream = CArrowArrayStreamImporter.ImportStream(c))
            {
                Assert.True(c->release == null, "the import moves the stream struct");
                Assert.Equal(TwoColumns, stream.Schema);
                var first = stream.ReadNext()!;
                var second = stream.ReadNext()!;
                Assert.Equal([0L, 1L], ((PrimitiveArray<long>)first.Column(0)).Values.ToArray());
                Assert.Equal("b", ((StringArray)first.Column(1)).GetString(1));
                Assert.Null(((StringArray)second.Column(1)).GetString(0));
                second.Dispose();
                Assert.Equal([0, 1, 0], owners.Select(o => o.Count));
                using (var third = stream.ReadNext()!)
                    Assert.Equal("e", ((StringArray)third.Column(1)).GetString(2));
                Assert.Equal([0, 1, 1], owners.Select(o => o.Count));
                Assert.Null(stream.ReadNext());
                Assert.Null(stream.ReadNext());
                Assert.True(source.Closed);
                // A batch outlives the stream it came from.
                stream.Dispose();
                Assert.Equal(2, ((PrimitiveArray<long>)first.Column(0)).Values.Length);
                first.Dispose();
            }
            Assert.Equal([1, 1, 1], owners.Select(o => o.Count));
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void ReleasingTheStreamEarlyClosesTheEnumeration()
    {
        var owner = new CountingDisposable();
        var source = new Source(Batch(0, owner, "a"), Batch(1, new CountingDisposable(), "b"));
        var c = (CArrowArrayStream*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArrayStream));
        try
        {
            CArrowArrayStreamExporter.ExportStream(TwoColumns, source.Batches(), c);
            var stream = CArrowArrayStreamImporter.ImportStream(c);
            using (stream.ReadNext())
                Assert.False(source.Closed);
            stream.Dispose();
            stream.Dispose();
            Assert.True(source.Closed);
            Assert.Equal(1, owner.Count);
            Assert.Throws<ObjectDisposedException>(() => stream.ReadNext());
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void ABatchWithTheWrongSchemaBecomesEinvalWithItsReason()
    {
        var wrong = new RecordBatch(new Schema([new Field("other", IntType.Int8)]),
            [ArrowArrayFactory.Create(TestArrays.Primitive(IntType.Int8, new sbyte[] { 1 }))], 1, new CountingDisposable());
        var c = (CArrowArrayStream*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArrayStream));
        try
        {
            CArrowArrayStreamExporter.ExportStream(TwoColumns, [wrong], c);
            // Called as a C consumer would: errno back, text from get_last_error until the next call.
            var array = default(CArrowArray);
            Assert.Equal(22, c->get_next(c, &array));
            Assert.True(array.release == null);
            var text = Marshal.PtrToStringUTF8((nint)c->get_last_error(c));
            Assert.Contains("Batch 0", text);
            Assert.Contains("other", text);
            Assert.Equal(text, Marshal.PtrToStringUTF8((nint)c->get_last_error(c)));
            Assert.True(wrong.IsDisposed, "a batch that could not be handed out is disposed by the stream");
            Assert.Equal(0, c->get_next(c, &array));
            Assert.True(array.release == null, "end of stream");
            Assert.True(c->get_last_error(c) == null);
            c->release(c);
            Assert.True(c->release == null);
            Assert.Equal(22, c->get_next(c, &array));
            Assert.True(c->get_last_error(c) == null);
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void AnEnumerationFailureSurfacesAsArrowFormatExceptionWithTheProducersText()
    {
        static IEnumerable<RecordBatch> Failing()
        {
            yield return Batch(0, new CountingDisposable(), "ok");
            throw new IOException("disk went away");
        }
        var c = (CArrowArrayStream*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArrayStream));
        try
        {
            CArrowArrayStreamExporter.ExportStream(TwoColumns, Failing(), c);
            using var stream = CArrowArrayStreamImporter.ImportStream(c);
            stream.ReadNext()!.Dispose();
            var e = Assert.Throws<ArrowFormatException>(() => stream.ReadNext());
            Assert.Contains("error 5", e.Message);
            Assert.Contains("disk went away", e.Message);
            Assert.Throws<ArrowFormatException>(() => stream.ReadNext());
        }
        finally
        {
            NativeMemory.Free(c);
        }
    }

    [Fact]
    public void AForeignStreamWhoseSchemaFailsIsReleasedOnce()
    {
        var counter = (int*)NativeMemory.AllocZeroed(sizeof(int));
        var c = (CArrowArrayStream*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArrayStream));
        try
        {
            *c = new CArrowArrayStream
            {
                get_schema = &FailingGetSchema,
                get_next = &EmptyGetNext,
                get_last_error = &FixedLastError,
                release = &CountingRelease,
                private_data = counter,
            };
            var e = Assert.Throws<ArrowFormatException>(() => CArrowArrayStreamImporter.ImportStream(c));
            Assert.Contains("error 12", e.Message);
            Assert.Contains("no schema today", e.Message);
            Assert.Equal(1, *counter);
            Assert.True(c->release == null);
        }
        finally
        {
            NativeMemory.Free(c);
            NativeMemory.Free(counter);
        }
    }

    [Fact]
    public void AForeignStreamMissingCallbacksIsRefusedAndReleasedOnce()
    {
        var counter = (int*)NativeMemory.AllocZeroed(sizeof(int));
        var c = (CArrowArrayStream*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArrayStream));
        try
        {
            *c = new CArrowArrayStream { get_schema = &FailingGetSchema, release = &CountingRelease, private_data = counter };
            Assert.Throws<ArrowFormatException>(() => CArrowArrayStreamImporter.ImportStream(c));
            Assert.Equal(1, *counter);
        }
        finally
        {
            NativeMemory.Free(c);
            NativeMemory.Free(counter);
        }
    }


    [UnmanagedCallersOnly]
    private static int FailingGetSchema(CArrowArrayStream* stream, CArrowSchema* output) => 12;

    [UnmanagedCallersOnly]
    private static int EmptyGetNext(CArrowArrayStream* stream, CArrowArray* output)
    {
        output->release = null;
        return 0;
    }

    [UnmanagedCallersOnly]
    // A u8 literal lives in the assembly image, so its address stays valid like a C string constant.
    private static byte* FixedLastError(CArrowArrayStream* stream) =>
        (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetReference("no schema today\0"u8));

    [UnmanagedCallersOnly]
    private static void CountingRelease(CArrowArrayStream* stream)
    {
        (*(int*)stream->private_data)++;
        stream->release = null;
    }
}
