using System.Runtime.InteropServices;
using Quiver.Arrow.Types;

namespace Quiver.Arrow.Arrays;

/// <summary>
/// A dictionary-encoded array: slot i is <see cref="Dictionary"/>[<see cref="GetIndex"/>(i)].
/// The validator has checked every valid slot's index against the dictionary's length.
/// </summary>
public sealed class DictionaryArray(ArrayData data) : ArrowArray(data)
{
    private ArrowArray? _dictionary;
    private ArrayData? _dictionaryData;

    public DictionaryType DictionaryType => (DictionaryType)Type;

    /// <summary>The dictionary's values; made again when the array was rebound to another dictionary.</summary>
    public ArrowArray Dictionary
    {
        get
        {
            var current = Data.Dictionary ?? throw new InvalidOperationException("The dictionary-encoded array has no dictionary bound.");
            if (!ReferenceEquals(current, _dictionaryData))
            {
                _dictionary = ArrowArrayFactory.Create(current);
                _dictionaryData = current;
            }
            return _dictionary!;
        }
    }

    /// <summary>The index stored in slot <paramref name="index"/>, whatever its validity (a null slot's index is unspecified).</summary>
    public long GetIndex(int index)
    {
        CheckIndex(index);
        var indices = Data.Buffers[1].Span;
        var slot = Data.Offset + index;
        return DictionaryType.IndexType switch
        {
            { BitWidth: 8, IsSigned: true } => (sbyte)indices[slot],
            { BitWidth: 8 } => indices[slot],
            { BitWidth: 16, IsSigned: true } => MemoryMarshal.Cast<byte, short>(indices)[slot],
            { BitWidth: 16 } => MemoryMarshal.Cast<byte, ushort>(indices)[slot],
            { BitWidth: 32, IsSigned: true } => MemoryMarshal.Cast<byte, int>(indices)[slot],
            { BitWidth: 32 } => MemoryMarshal.Cast<byte, uint>(indices)[slot],
            { IsSigned: true } => MemoryMarshal.Cast<byte, long>(indices)[slot],
            // The validator bounded every valid index by the dictionary's int length.
            _ => (long)MemoryMarshal.Cast<byte, ulong>(indices)[slot],
        };
    }

    /// <summary>The dictionary position of a valid slot's value.</summary>
    public int GetDictionaryIndex(int index)
    {
        if (!IsValid(index))
            throw new InvalidOperationException($"Slot {index} is null; it has no dictionary value.");
        return (int)GetIndex(index);
    }

    /// <summary>For dictionaries of strings: slot <paramref name="index"/>'s string, or null for a null slot.</summary>
    public string? GetString(int index) => IsValid(index) ? AsStrings().GetString(GetDictionaryIndex(index)) : null;

    /// <summary>For dictionaries of strings: the UTF-8 bytes of slot <paramref name="index"/>, in place (empty for a null slot).</summary>
    public ReadOnlySpan<byte> GetBytes(int index) => IsValid(index) ? AsStrings().GetBytes(GetDictionaryIndex(index)) : default;

    private StringArray AsStrings() => Dictionary as StringArray
        ?? throw new InvalidOperationException($"The dictionary holds {DictionaryType.ValueType} values, not strings.");
}
