using System.Runtime.InteropServices;
using System.Text;

namespace Quiver.DuckDb;

/// <summary>NUL-terminated UTF-8 strings between C# and DuckDB's C API.</summary>
internal static unsafe class Utf8Z
{
    public static byte[] Encode(string text) => Encoding.UTF8.GetBytes(text + "\0");

    public static string Decode(byte* text) => text == null ? "(no message)" : Marshal.PtrToStringUTF8((nint)text)!;
}
