using Quiver.Arrow;
using Quiver.Arrow.Types;

namespace Quiver.Runtime.Tests.Arrow;

public class FixedWidthValidationTests
{
    [Theory]
    [InlineData(1 << 28)]
    [InlineData(1 << 29)]
    [InlineData(int.MaxValue)]
    public void HugeFixedSizeBinaryWidthsNeedTheirBytes(int byteWidth)
    {
        var data = new ArrayData(new FixedSizeBinaryType(byteWidth), 1, 0, 0, [default, new byte[16]]);
        var e = Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(data));
        Assert.Contains($"{byteWidth} needed", e.Message);
    }

    [Fact]
    public void FixedSizeBinaryOfExactSizePasses()
    {
        var data = new ArrayData(new FixedSizeBinaryType(3), 2, 0, 1, [default, new byte[9]]);
        ArrayDataValidator.Validate(data);
        Assert.Throws<ArrowFormatException>(() => ArrayDataValidator.Validate(new ArrayData(new FixedSizeBinaryType(3), 2, 0, 1, [default, new byte[8]])));
    }
}
