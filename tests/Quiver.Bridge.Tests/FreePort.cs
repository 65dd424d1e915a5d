using System.Net;
using System.Net.Sockets;

namespace Quiver.Bridge.Tests;

internal static class FreePort
{
    /// <summary>A loopback port nothing listens on right now (the kernel picks it), so parallel tests do not collide.</summary>
    public static int Pick()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
