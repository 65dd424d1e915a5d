using Quiver.Arrow.Ipc.Flatbuffers;

namespace Quiver.Arrow.Ipc;

/// <summary>Reads and writes <c>[KeyValue]</c> vectors (custom_metadata of schemas, fields and messages), order and duplicates kept.</summary>
internal static class CustomMetadataCodec
{
    public static KeyValueMetadata Read(FlatBufferVector pairs, string owner)
    {
        if (pairs.Count == 0)
            return KeyValueMetadata.Empty;
        var result = new KeyValuePair<string, string>[pairs.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var pair = pairs.GetTable(i);
            // Arrow C++ refuses a pair with a missing key or value, so no writer produces one.
            var key = pair.GetString(KeyValueSlots.Key) ?? throw new ArrowFormatException($"Custom metadata entry {i} of {owner} has no key.");
            var value = pair.GetString(KeyValueSlots.Value) ?? throw new ArrowFormatException($"Custom metadata entry {i} ('{key}') of {owner} has no value.");
            result[i] = new(key, value);
        }
        return new KeyValueMetadata(result);
    }

    /// <summary>Writes the vector and returns its offset, or 0 (nothing written) for empty metadata.</summary>
    public static int Write(FlatBufferBuilder builder, KeyValueMetadata metadata)
    {
        if (metadata.Count == 0)
            return 0;
        var pairs = new int[metadata.Count];
        for (var i = 0; i < pairs.Length; i++)
        {
            var key = builder.CreateString(metadata[i].Key);
            var value = builder.CreateString(metadata[i].Value);
            builder.StartTable(KeyValueSlots.Count);
            builder.AddOffset(KeyValueSlots.Key, key);
            builder.AddOffset(KeyValueSlots.Value, value);
            pairs[i] = builder.EndTable();
        }
        return builder.CreateOffsetVector(pairs);
    }
}
