using System.Net;
using System.Net.Sockets;

namespace Quiver.Bridge.Tests;

/// <summary>The test servers' own start: a port taken between picking and binding is told apart, so the start is tried again.</summary>
public sealed class NatsServerTests
{
    [Fact]
    public void A_server_whose_port_was_taken_fails_as_port_taken()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        int taken = ((IPEndPoint)holder.LocalEndpoint).Port;
        using var server = new NatsServer("taken", taken, FreePort.Pick(), []);
        var failure = Assert.Throws<PortTakenException>(() => server.WaitUntil("varz", _ => true));
        Assert.Contains($"127.0.0.1:{taken}", failure.Message);
    }
}
