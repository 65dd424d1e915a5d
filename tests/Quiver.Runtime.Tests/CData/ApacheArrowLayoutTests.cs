namespace Quiver.Runtime.Tests.CData;

/// <summary>
/// The Apache.Arrow interop passes pointers to Apache.Arrow's C Data structs to Quiver's exporter
/// and importer: both must be abi.h's structs, of the same size.
/// </summary>
public class ApacheArrowLayoutTests
{
    [Fact]
    public unsafe void Quivers_and_apache_arrows_c_data_structs_have_the_abi_sizes()
    {
        // abi.h on 64-bit: ArrowSchema is 3 pointers, 2 int64, 5 pointers; ArrowArray 5 int64, 5 pointers.
        Assert.Equal(72, sizeof(Quiver.Arrow.CData.CArrowSchema));
        Assert.Equal(80, sizeof(Quiver.Arrow.CData.CArrowArray));
        Assert.Equal(sizeof(Quiver.Arrow.CData.CArrowSchema), sizeof(Apache.Arrow.C.CArrowSchema));
        Assert.Equal(sizeof(Quiver.Arrow.CData.CArrowArray), sizeof(Apache.Arrow.C.CArrowArray));
    }
}
