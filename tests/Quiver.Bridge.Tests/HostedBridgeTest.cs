namespace Quiver.Bridge.Tests;

/// <summary>
/// The frame of tests that run a bridge against one NATS server of their own with this process's
/// runtime directory pointed at a private one (<see cref="LocalHost"/>); both are removed afterwards.
/// Such tests belong to <see cref="LocalHostCollection"/>, which runs them one at a time.
/// </summary>
public abstract class HostedBridgeTest : IDisposable
{
    protected static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    protected LocalHost LocalHost { get; } = new();

    protected NatsServer Server { get; } = NatsServer.Single();

    public void Dispose()
    {
        Server.Dispose();
        LocalHost.Dispose();
    }
}
