using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Quiver.Arrow.CData;

namespace Quiver.Messages.Tests;

public unsafe class CDataTests
{
    private sealed class CountingDisposable : IDisposable
    {
        public int Count { get; private set; }

        public void Dispose() => Count++;
    }

    [Fact]
    public void An_exported_batch_is_reimported_as_the_typed_view_without_copying()
    {
        using var batch = new[] { AllTypesSamples.Minimum(), AllTypesSamples.Nulls(), AllTypesSamples.Maximum() }.ToBatch();
        var array = (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
        var schema = (CArrowSchema*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowSchema));
        var released = new CountingDisposable();
        try
        {
            MessageCData.ExportSchema<AllTypes.AllTypes>(schema);
            MessageCData.ExportBatch(batch, array, released);

            Assert.Equal(AllTypes.AllTypes.Schema, CArrowSchemaImporter.ImportSchema(schema));
            using (var imported = MessageCData.ImportBatch<AllTypes.AllTypes>(array))
            {
                Assert.Equal(3, imported.Count);
                var m = imported[2];
                Assert.Equal("héllo, 世界 🌍", m.Text);
                Assert.Equal(ulong.MaxValue, m.U64);
                Assert.Equal(1000, m.Poses.Count);
                Assert.Equal(999.0, m.Poses[999].Position.X);
                Assert.Equal([1, null, 3, null], m.ListOfMaybe.ToArray());
                Assert.Null(imported[1].MaybePose);
                Assert.True(Unsafe.AreSame(
                    ref MemoryMarshal.GetReference(batch[2].Blob),
                    ref MemoryMarshal.GetReference(m.Blob)), "the imported view reads the exported memory");
                Assert.Equal(0, released.Count);
            }
            Assert.Equal(1, released.Count);
        }
        finally
        {
            NativeMemory.Free(array);
            NativeMemory.Free(schema);
        }
    }

    [Fact]
    public void Importing_a_batch_of_another_message_is_refused_and_released()
    {
        using var vectors = new Geometry.Vector3.Value { X = 1 }.ToBatch();
        var array = (CArrowArray*)NativeMemory.AllocZeroed((nuint)sizeof(CArrowArray));
        var released = new CountingDisposable();
        try
        {
            MessageCData.ExportBatch(vectors, array, released);

            Assert.ThrowsAny<Quiver.Arrow.ArrowFormatException>(() => MessageCData.ImportBatch<Geometry.Quaternion>(array));
            Assert.Equal(1, released.Count);
        }
        finally
        {
            NativeMemory.Free(array);
        }
    }
}
