namespace Quiver.Recording.Tests;

/// <summary>
/// A disk with <paramref name="capacity"/> bytes left, shared by every file opened on it: a write
/// that does not fit writes what fits and fails as a full disk does (ENOSPC after a short write).
/// </summary>
public sealed class FullDisk(long capacity)
{
    private long _left = capacity;

    public Stream Open(string path) => new FileOnDisk(this, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0));

    private sealed class FileOnDisk(FullDisk disk, FileStream file) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => file.Length;

        public override long Position
        {
            get => file.Position;
            set => file.Position = value;
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var fits = (int)Math.Min(buffer.Length, Interlocked.Read(ref disk._left));
            file.Write(buffer[..fits]);
            Interlocked.Add(ref disk._left, -fits);
            if (fits < buffer.Length)
                throw new IOException("No space left on device");
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void SetLength(long value) => file.SetLength(value);
        public override void Flush() => file.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                file.Dispose();
            base.Dispose(disposing);
        }
    }
}
