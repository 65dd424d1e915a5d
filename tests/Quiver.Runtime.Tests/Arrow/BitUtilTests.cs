using Quiver.Arrow.Memory;

namespace Quiver.Runtime.Tests.Arrow;

public class BitUtilTests
{
    [Fact]
    public void CountSetBitsAgreesWithBitByBitCountingForEveryWindow()
    {
        var bitmap = new byte[40];
        new Random(7).NextBytes(bitmap);
        var bits = bitmap.Length * 8;
        for (var offset = 0; offset <= bits; offset += 3)
        {
            for (var length = 0; offset + length <= bits; length += 5)
            {
                var expected = 0;
                for (var i = offset; i < offset + length; i++)
                    expected += (bitmap[i / 8] >> (i % 8)) & 1;
                Assert.Equal(expected, BitUtil.CountSetBits(bitmap, offset, length));
            }
        }
    }

    [Fact]
    public void SetBitWritesLeastSignificantBitFirst()
    {
        var bitmap = new byte[2];
        BitUtil.SetBit(bitmap, 0, true);
        BitUtil.SetBit(bitmap, 9, true);
        BitUtil.SetBit(bitmap, 10, true);
        BitUtil.SetBit(bitmap, 10, false);
        Assert.Equal([0x01, 0x02], bitmap);
        Assert.True(BitUtil.GetBit(bitmap, 9));
        Assert.False(BitUtil.GetBit(bitmap, 10));
        Assert.Equal(2, BitUtil.BytesForBits(9));
        Assert.Equal(128, BitUtil.RoundUpToMultipleOf64(65));
    }
}
