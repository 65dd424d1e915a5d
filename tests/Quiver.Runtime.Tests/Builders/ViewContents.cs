using Quiver.Arrow.Arrays;

namespace Quiver.Runtime.Tests.Builders;

/// <summary>Reads whole views into arrays through their slot accessors, so tests compare against plain literals.</summary>
internal static class ViewContents
{
    public static T?[] ToNullables<T>(this PrimitiveArray<T> array) where T : unmanaged =>
        Enumerable.Range(0, array.Length).Select(array.Get).ToArray();

    public static bool?[] ToNullables(this BooleanArray array) =>
        Enumerable.Range(0, array.Length).Select(array.Get).ToArray();

    public static string?[] ToStrings(this StringArray array) =>
        Enumerable.Range(0, array.Length).Select(array.GetString).ToArray();

    public static byte[]?[] ToByteArrays(this BinaryArray array) =>
        Enumerable.Range(0, array.Length).Select(i => array.IsValid(i) ? array.GetBytes(i).ToArray() : null).ToArray();

    public static byte[]?[] ToByteArrays(this FixedSizeBinaryArray array) =>
        Enumerable.Range(0, array.Length).Select(i => array.IsValid(i) ? array.GetBytes(i).ToArray() : null).ToArray();
}
