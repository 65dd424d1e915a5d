using System.Collections.Concurrent;

namespace Quiver.Recording.Tests;

/// <summary>
/// A disk with <paramref name="capacity"/> bytes left, shared by every file opened on it: a write
/// that does not fit writes what fits and fails as a full disk does (ENOSPC after a short write),
/// and truncating a file frees its bytes again.
/// A test can hold every write until it releases them, as a slow disk would, and count the writes.
/// </summary>
public sealed class FullDisk(long capacity)
{
    private readonly ManualResetEventSlim _open = new(initialState: true);
    private readonly ConcurrentDictionary<string, int> _writes = new();
    private long _left = capacity;

    public Stream Open(string path) => new FileOnDisk(this, path, new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0));

    /// <summary>From now on, writes wait until <see cref="Release"/>.</summary>
    public void Hold() => _open.Reset();

    public void Release() => _open.Set();

    /// <summary>From now on, only this many more bytes fit.</summary>
    public void LeaveRoomFor(long bytes) => Interlocked.Exchange(ref _left, bytes);

    /// <summary>The write calls made on the file at <paramref name="path"/>, those that failed included.</summary>
    public int Writes(string path) => _writes.GetValueOrDefault(path);

    private sealed class FileOnDisk(FullDisk disk, string path, FileStream file) : Stream
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
            Assert.True(disk._open.Wait(TimeSpan.FromSeconds(60)), "the test never released the disk");
            disk._writes.AddOrUpdate(path, 1, (_, count) => count + 1);
            var fits = (int)Math.Min(buffer.Length, Interlocked.Read(ref disk._left));
            file.Write(buffer[..fits]);
            Interlocked.Add(ref disk._left, -fits);
            if (fits < buffer.Length)
                throw new IOException("No space left on device");
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        /// <summary>Cutting a file shorter gives its bytes back to the disk, as a file system does.</summary>
        public override void SetLength(long value)
        {
            var freed = file.Length - value;
            file.SetLength(value);
            if (freed > 0)
                Interlocked.Add(ref disk._left, freed);
        }

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
