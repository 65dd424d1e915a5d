using System.Text;
using Quiver.SharedMemory;

namespace Quiver.Transport;

/// <summary>
/// The per-user directory that holds topic sockets: <c>$QUIVER_RUNTIME_DIR</c>, else
/// <c>$XDG_RUNTIME_DIR/quiver</c>, else <c>/tmp/quiver-$UID</c>. It is created with mode 0700,
/// and an existing one is used only if it is a real directory owned by this user that no one
/// else can enter: the directory's permissions are what keeps other users' processes away from
/// the topics (SO_PEERCRED checks the connected peer as a second line).
/// </summary>
public static class RuntimeDirectory
{
    public const string OverrideVariable = "QUIVER_RUNTIME_DIR";

    /// <summary>Linux's sun_path holds 108 bytes including the terminating NUL.</summary>
    private const int MaxSocketPathBytes = 107;

    public static string Path
    {
        get
        {
            string? explicitPath = Environment.GetEnvironmentVariable(OverrideVariable);
            if (!string.IsNullOrEmpty(explicitPath))
                return System.IO.Path.GetFullPath(explicitPath);
            string? xdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
            if (!string.IsNullOrEmpty(xdg) && System.IO.Path.IsPathRooted(xdg))
                return System.IO.Path.Combine(xdg, "quiver");
            return $"/tmp/quiver-{LibcMemory.GetUid()}";
        }
    }

    /// <summary>Creates the directory if needed and checks it is safe to use; returns its path.</summary>
    public static string Ensure()
    {
        LibcMemory.EnsureLinux();
        string path = Path;
        if (FileStatus.OfPath(path) is null && OperatingSystem.IsLinux())
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var status = FileStatus.OfPath(path) ?? throw new IOException($"Runtime directory '{path}' vanished while it was being created.");
        uint uid = LibcMemory.GetUid();
        if (status.FileType != LibcMemory.SIfDir)
            throw new UnauthorizedAccessException($"Refusing runtime directory '{path}': it is not a directory (a symbolic link or another file).");
        if (status.OwnerUid != uid)
            throw new UnauthorizedAccessException($"Refusing runtime directory '{path}': it belongs to uid {status.OwnerUid}, not to this user (uid {uid}).");
        if ((status.Permissions & 0x3F) != 0)
            throw new UnauthorizedAccessException($"Refusing runtime directory '{path}': its mode {Convert.ToString(status.Permissions, 8)} lets other users in; it must be 0700.");
        return path;
    }

    /// <summary>
    /// Topics that have a socket in the runtime directory, sorted. A socket left by a publisher
    /// that died is listed too until a new publisher of the topic replaces it.
    /// </summary>
    public static IReadOnlyList<string> Topics()
    {
        string path = Ensure();
        return Directory.EnumerateFiles(path)
            .Select(file => TopicName.FromFileName(System.IO.Path.GetFileName(file)))
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The socket path of <paramref name="topic"/> (the directory is created and checked).</summary>
    public static string SocketPath(string topic)
    {
        // Checked before the directory is created, so a path that cannot work leaves nothing behind.
        string path = System.IO.Path.Combine(Path, TopicName.ToFileName(topic));
        if (Encoding.UTF8.GetByteCount(path) > MaxSocketPathBytes)
            throw new ArgumentException($"The socket path '{path}' is longer than the {MaxSocketPathBytes} bytes a Unix socket address holds; use a shorter topic or {OverrideVariable}.", nameof(topic));
        Ensure();
        return path;
    }
}
