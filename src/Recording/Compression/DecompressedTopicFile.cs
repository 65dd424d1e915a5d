using Quiver.Arrow;
using Quiver.Arrow.Ipc;

namespace Quiver.Recording;

/// <summary>
/// A topic file with compressed bodies read back as the uncompressed IPC stream Quiver's readers
/// take (they refuse compressed bodies, as the live path never sees them): schema, then every
/// batch decompressed, up to the first damage, which is returned instead of thrown.
/// </summary>
public static class DecompressedTopicFile
{
    /// <summary>The uncompressed stream and, when the file is damaged, where it stopped and why.</summary>
    public static (byte[] Stream, string? Damage) Read(string path)
    {
        var length = new FileInfo(path).Length;
        if (length > Array.MaxLength)
            throw new RecordingException($"'{path}' is {length} bytes; a compressed topic file is read whole, up to {Array.MaxLength} bytes.");
        ReadOnlyMemory<byte> file = File.ReadAllBytes(path);
        using var decompressor = new SampleDecompressor();
        using var output = new MemoryStream();
        var position = 0;
        var batches = 0;
        try
        {
            while (position < file.Length)
            {
                var message = EncapsulatedMessage.Read(file, position);
                if (message.IsEndOfStream)
                    break;
                var decompressed = new byte[decompressor.Measure(file, position, message.Length)];
                decompressor.WriteTo(decompressed);
                output.Write(decompressed);
                if (message.HeaderType == MessageHeaderType.RecordBatch)
                    batches++;
                position += message.Length;
            }
            return (output.ToArray(), null);
        }
        catch (Exception e) when (e is ArrowFormatException or ArrowNotSupportedException)
        {
            return (output.ToArray(), $"stopped at byte {position} (after batch {batches}): {e.Message}");
        }
    }
}
