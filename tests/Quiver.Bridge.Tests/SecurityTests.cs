namespace Quiver.Bridge.Tests;

/// <summary>A NATS server with users: credentials and subject permissions the bridge must respect and explain.</summary>
public sealed class SecurityTests : IDisposable
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"qvb-nats-{Environment.ProcessId}-{Guid.NewGuid():N}.conf");
    private readonly NatsServer _server;

    public SecurityTests()
    {
        File.WriteAllText(_config, """
            authorization {
              users = [
                { user: bridge, password: right, permissions: { publish: ">", subscribe: ">" } }
                { user: limited, password: right, permissions: { publish: "other.>", subscribe: ["other.>", "_INBOX.>"] } }
              ]
            }
            """);
        _server = NatsServer.Single("-c", _config);
    }

    public void Dispose()
    {
        _server.Dispose();
        File.Delete(_config);
    }

    private (int ExitCode, string Error) Run(Host host, string user, string password, string direction) =>
        BridgeProcess.RunToFailure(host.Directory, "--nats", _server.Url, "--user", user, "--password", password, direction, "some/topic");

    [Theory]
    [InlineData("--export")]
    [InlineData("--import")]
    public void A_user_without_permission_on_the_bridge_subjects_gets_a_clear_error(string direction)
    {
        using var host = new Host("s");
        var (exitCode, error) = Run(host, "limited", "right", direction);
        Assert.Equal(BridgeProcess.Failed, exitCode);
        Assert.Contains("quiver: The NATS user 'limited' may not use the bridge's subjects (quiver.default.* and quiver-schema.default.*)", error);
        Assert.Contains("Permissions Violation", error);
    }

    [Fact]
    public void Wrong_credentials_are_refused_with_the_server_and_user_named()
    {
        using var host = new Host("s");
        var (exitCode, error) = Run(host, "bridge", "wrong", "--export");
        Assert.Equal(BridgeProcess.Failed, exitCode);
        Assert.Contains($"quiver: Cannot connect to NATS at {_server.Url} 'bridge'", error);
    }

    [Fact]
    public void A_user_with_permission_runs_the_bridge()
    {
        using var host = new Host("s");
        using var bridge = BridgeProcess.Start(host.Directory, "--nats", _server.Url, "--user", "bridge", "--password", "right", "--export", "some/topic");
        Assert.Contains("stats: export some/topic: 0 messages", string.Join("\n", BridgeProcess.Stop(bridge)));
    }
}
