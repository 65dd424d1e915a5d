using System.Globalization;
using System.Runtime.InteropServices;

namespace Quiver.Topics.TestPeer;

/// <summary>Which mapping of this process (from /proc/self/maps) holds some bytes: the zero-copy proof.</summary>
internal static class ProcessMappings
{
    /// <summary>"&lt;permissions&gt; &lt;path&gt;" of the mapping that holds all of <paramref name="bytes"/>, or "none".</summary>
    public static unsafe string Describe(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* first = &MemoryMarshal.GetReference(bytes))
        {
            ulong start = (ulong)first, end = start + (ulong)bytes.Length;
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                // "from-to perms offset dev inode   path"
                var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
                var range = fields[0].Split('-');
                ulong from = ulong.Parse(range[0], NumberStyles.HexNumber), to = ulong.Parse(range[1], NumberStyles.HexNumber);
                if (start >= from && end <= to)
                    return $"{fields[1]} {(fields.Length > 5 ? fields[5].Trim().Replace(' ', '_') : "anonymous")}";
            }
        }
        return "none";
    }
}
