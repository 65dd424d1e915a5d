using System.Runtime.InteropServices;

namespace Quiver.Arrow.CData;

/// <summary>
/// <c>struct ArrowSchema</c> of the Arrow C Data Interface, field for field as <c>abi.h</c>
/// declares it, so a pointer to it can be handed to any C library. Field names keep the C
/// spelling on purpose: they are the ABI, not a .NET API.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct CArrowSchema
{
    /// <summary>For dictionary-encoded types: the order of the dictionary indices means something.</summary>
    public const long ARROW_FLAG_DICTIONARY_ORDERED = 1;

    /// <summary>The field may hold nulls.</summary>
    public const long ARROW_FLAG_NULLABLE = 2;

    /// <summary>For map types: the keys of each map value are sorted.</summary>
    public const long ARROW_FLAG_MAP_KEYS_SORTED = 4;

    /// <summary>Null-terminated UTF-8 format string (<c>i</c>, <c>+s</c>, <c>tsu:UTC</c>...).</summary>
    public byte* format;

    /// <summary>Null-terminated UTF-8 field name; may be null.</summary>
    public byte* name;

    /// <summary>Binary key/value metadata (int32 count, then int32 length + bytes per key and value); null when there is none.</summary>
    public byte* metadata;

    public long flags;
    public long n_children;
    public CArrowSchema** children;
    public CArrowSchema* dictionary;

    /// <summary>Frees what the producer allocated and sets itself to null; null means released.</summary>
    public delegate* unmanaged<CArrowSchema*, void> release;

    public void* private_data;
}
