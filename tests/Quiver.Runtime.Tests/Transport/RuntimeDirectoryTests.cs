using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

[Collection(TransportCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed partial class RuntimeDirectoryTests : IDisposable
{
    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, uint owner, uint group);

    [LibraryImport("libc", EntryPoint = "getuid")]
    private static partial uint GetUid();

    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void The_directory_is_created_private_to_the_user()
    {
        Assert.Equal(_fixture.Directory, RuntimeDirectory.Ensure());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_fixture.Directory));
    }

    [Fact]
    public void A_directory_others_can_enter_is_refused()
    {
        Directory.CreateDirectory(_fixture.Directory);
        File.SetUnixFileMode(_fixture.Directory, (UnixFileMode)0x1ED); // 0755
        var error = Assert.Throws<UnauthorizedAccessException>(RuntimeDirectory.Ensure);
        Assert.Contains("mode 755", error.Message);
    }

    [Fact]
    public void A_directory_of_another_user_is_refused()
    {
        // Root can give a directory away; anyone else finds one of root's: "/" itself.
        string directory = "/";
        uint owner = 0;
        if (GetUid() == 0)
        {
            Directory.CreateDirectory(_fixture.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            owner = 12345;
            Assert.Equal(0, Chown(_fixture.Directory, owner, owner));
            directory = _fixture.Directory;
        }
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, directory);
        try
        {
            var error = Assert.Throws<UnauthorizedAccessException>(RuntimeDirectory.Ensure);
            Assert.Contains($"belongs to uid {owner}", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, _fixture.Directory);
        }
    }

    [Fact]
    public void A_symbolic_link_is_refused()
    {
        string target = _fixture.Directory + "-target";
        Directory.CreateDirectory(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            File.CreateSymbolicLink(_fixture.Directory, target);
            var error = Assert.Throws<UnauthorizedAccessException>(RuntimeDirectory.Ensure);
            Assert.Contains("not a directory", error.Message);
            File.Delete(_fixture.Directory);
        }
        finally
        {
            Directory.Delete(target);
        }
    }

    [Fact]
    public void Without_an_override_the_XDG_runtime_directory_is_used()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, null);
        Environment.SetEnvironmentVariable("XDG_RUNTIME_DIR", "/run/user/4242");
        try
        {
            Assert.Equal("/run/user/4242/quiver", RuntimeDirectory.Path);
            Environment.SetEnvironmentVariable("XDG_RUNTIME_DIR", null);
            Assert.Matches("^/tmp/quiver-[0-9]+$", RuntimeDirectory.Path);
        }
        finally
        {
            Environment.SetEnvironmentVariable("XDG_RUNTIME_DIR", xdg);
        }
    }

    [Fact]
    public void A_socket_path_too_long_for_sun_path_is_refused_with_advice()
    {
        Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, _fixture.Directory + "/" + new string('d', 90));
        try
        {
            var error = Assert.Throws<ArgumentException>(() => RuntimeDirectory.SocketPath("a/long/topic/name"));
            Assert.Contains(RuntimeDirectory.OverrideVariable, error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(RuntimeDirectory.OverrideVariable, _fixture.Directory);
        }
    }
}
