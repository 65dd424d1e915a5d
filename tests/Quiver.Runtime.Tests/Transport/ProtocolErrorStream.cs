using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>What a subscriber of a hostile publisher gets: the valid samples before the violation, then the error.</summary>
public static class ProtocolErrorStream
{
    /// <summary>Receives until the stream fails; returns the error and how many samples came before it (disposed here).</summary>
    public static (ProtocolException Error, int Delivered) ReceiveUntilError(Subscriber subscriber, TimeSpan wait)
    {
        var delivered = new List<ReceivedSample>();
        var error = Assert.Throws<ProtocolException>(() =>
        {
            while (subscriber.Receive(wait) is { } more)
                delivered.Add(more);
        });
        delivered.ForEach(sample => sample.Dispose());
        return (error, delivered.Count);
    }
}
