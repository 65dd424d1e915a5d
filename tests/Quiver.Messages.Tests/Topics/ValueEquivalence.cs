using System.Collections;

namespace Quiver.Messages.Tests.Topics;

/// <summary>
/// Field-by-field comparison of generated <c>Value</c> records: arrays and bytes by content,
/// floats by bits (so NaN and -0 count), nested records recursively. Records' own Equals
/// compares arrays by reference, which is not what a round trip asserts.
/// </summary>
internal static class ValueEquivalence
{
    public static void AssertEquivalent(object? expected, object? actual, string path)
    {
        switch (expected)
        {
            case null:
                Assert.True(actual is null, $"{path}: expected null, got {actual}");
                return;
            case ReadOnlyMemory<byte> bytes:
                Assert.True(bytes.Span.SequenceEqual(((ReadOnlyMemory<byte>)actual!).Span), $"{path}: bytes differ");
                return;
            case string or bool or Enum or sbyte or short or int or long or byte or ushort or uint or ulong:
                Assert.True(expected.Equals(actual), $"{path}: expected {expected}, got {actual}");
                return;
            case Half h:
                Assert.True(BitConverter.HalfToInt16Bits(h) == BitConverter.HalfToInt16Bits((Half)actual!), $"{path}: expected {h}, got {actual}");
                return;
            case float f:
                Assert.True(BitConverter.SingleToInt32Bits(f) == BitConverter.SingleToInt32Bits((float)actual!), $"{path}: expected {f}, got {actual}");
                return;
            case double d:
                Assert.True(BitConverter.DoubleToInt64Bits(d) == BitConverter.DoubleToInt64Bits((double)actual!), $"{path}: expected {d}, got {actual}");
                return;
            case IList list:
                var other = Assert.IsAssignableFrom<IList>(actual);
                Assert.True(list.Count == other.Count, $"{path}: expected {list.Count} items, got {other.Count}");
                for (var i = 0; i < list.Count; i++)
                    AssertEquivalent(list[i], other[i], $"{path}[{i}]");
                return;
        }
        var type = expected.GetType();
        Assert.True(actual is not null && actual.GetType() == type, $"{path}: expected a {type}, got {actual?.GetType()}");
        var properties = type.GetProperties().Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract").ToArray();
        Assert.NotEmpty(properties);
        foreach (var property in properties)
            AssertEquivalent(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}");
    }
}
