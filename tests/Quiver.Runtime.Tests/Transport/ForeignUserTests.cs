using System.Runtime.Versioning;
using Quiver.SharedMemory;
using Quiver.Transport;
using Quiver.Transport.TestPeer;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// Only peers of the same user connect (docs/protocol.md, "Rendezvous"): both sides read SO_PEERCRED and close the
/// connection to a peer of another uid, and the publisher keeps serving its own user's subscribers.
/// The runtime directory (0700, ours) normally keeps other users from reaching the socket at all;
/// these tests open it up on purpose to model an attacker who got past the filesystem (a
/// misconfigured directory), which is exactly what the SO_PEERCRED check is the second line against.
/// </summary>
[Collection(TransportCollection.Name)]
[SupportedOSPlatform("linux")]
public sealed class ForeignUserTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    // Connects, sends a well-formed subscriber hello, then prints every byte the publisher sent
    // until it closed. A reset counts as closed: the publisher may close with our hello unread.
    private const string ForeignSubscriber = """
        import socket, sys
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(30)
        s.connect(sys.argv[1])
        try:
            s.sendall(bytes.fromhex(sys.argv[2]))
        except (BrokenPipeError, ConnectionResetError):
            pass
        got = b""
        try:
            while chunk := s.recv(65536):
                got += chunk
        except ConnectionResetError:
            pass
        print("CLOSED", got.hex(), flush=True)
        """;

    // Listens where a publisher would, then prints every byte the subscriber sent until it closed.
    private const string ForeignPublisher = """
        import socket, sys
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(sys.argv[1])
        listener.listen(1)
        print("LISTENING", flush=True)
        s, _ = listener.accept()
        s.settimeout(30)
        got = b""
        try:
            while chunk := s.recv(65536):
                got += chunk
        except ConnectionResetError:
            pass
        print("CLOSED", got.hex(), flush=True)
        """;

    private readonly TransportFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [RootOnlyFact]
    public void A_subscriber_of_another_user_is_refused_with_a_logged_reason_and_the_same_user_is_still_served()
    {
        using var publisher = Publisher.Create(_fixture.Topic, TransportFixture.Contract, new PublisherOptions
        {
            Log = _fixture.Log,
            Pool = new SampleAllocatorOptions { SegmentSize = 1 << 16, MaxSegments = 1 },
        });
        using var good = PeerProcess.Subscriber(_fixture, autoRelease: true);
        Assert.True(publisher.WaitForSubscribers(1, Wait));

        string socketPath = RuntimeDirectory.SocketPath(_fixture.Topic);
        string received;
        OpenToOtherUsers(socketPath);
        try
        {
            using var foreign = new ForeignUserProcess(ForeignSubscriber, socketPath,
                Convert.ToHexString(RawPeer.SubscriberHello(_fixture.Topic, TransportFixture.Contract.Fingerprint)));
            received = foreign.Expect("CLOSED").Substring("CLOSED".Length).Trim();
        }
        finally
        {
            CloseToOtherUsers(socketPath);
        }

        // Refused before its hello is read: not even the publisher's hello, let alone a segment or a sample.
        Assert.True(received.Length == 0, $"The publisher sent a peer of uid {ForeignUserProcess.UserId} these bytes: {received}");
        string logged = _fixture.WaitForLog($"uid {ForeignUserProcess.UserId}", Wait);
        Assert.Contains($"'{_fixture.Topic}'", logged);
        Assert.Contains($"runs as uid {DescriptorSocket.CurrentUserId}", logged);
        Assert.Equal(1, publisher.GetStats().Subscribers);

        var loan = publisher.Loan(48);
        SamplePattern.Fill(loan.Span, 1);
        Assert.Equal(1UL, publisher.Send(loan));
        Assert.Equal(1UL, good.ExpectSample(48));
        Assert.True(publisher.WaitForInFlight(0, Wait));
    }

    [RootOnlyFact]
    public void A_subscriber_refuses_a_publisher_of_another_user_naming_its_uid()
    {
        string socketPath = RuntimeDirectory.SocketPath(_fixture.Topic);
        string received;
        try
        {
            // The foreign "publisher" needs write access to bind in our directory; closed again before we subscribe.
            File.SetUnixFileMode(_fixture.Directory, (UnixFileMode)0b111_111_111);
            using var foreign = new ForeignUserProcess(ForeignPublisher, socketPath);
            try
            {
                foreign.Expect("LISTENING");
            }
            finally
            {
                File.SetUnixFileMode(_fixture.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var refused = Assert.Throws<TopicUnavailableException>(() =>
                Subscriber.Connect(_fixture.Topic, TransportFixture.Contract, new SubscriberOptions { Log = _fixture.Log }));
            Assert.Contains($"served by uid {ForeignUserProcess.UserId}", refused.Message);
            Assert.Contains($"(uid {DescriptorSocket.CurrentUserId})", refused.Message);
            received = foreign.Expect("CLOSED").Substring("CLOSED".Length).Trim();
        }
        finally
        {
            File.Delete(socketPath);
        }
        Assert.True(received.Length == 0, $"The subscriber sent a publisher of uid {ForeignUserProcess.UserId} these bytes (its hello?): {received}");
    }

    /// <summary>Lets any user reach the socket: search (not list) on the directory, read-write on the socket.</summary>
    private void OpenToOtherUsers(string socketPath)
    {
        File.SetUnixFileMode(_fixture.Directory, (UnixFileMode)0b111_001_001);
        File.SetUnixFileMode(socketPath, (UnixFileMode)0b111_111_111);
    }

    private void CloseToOtherUsers(string socketPath)
    {
        File.SetUnixFileMode(_fixture.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
