using Quiver.Transport;

namespace Quiver.Bridge.Tests;

/// <summary>A real local publisher for the reassembly tests to loan from, recording the length of every loan asked for.</summary>
internal sealed class LoaningPublisher : IDisposable
{
    private readonly LocalHost _host = new();

    public LoaningPublisher()
    {
        Publisher = Publisher.Create(_host.Topic, new TopicContract("test.Bytes", 1, new byte[] { 1 }), new PublisherOptions { Log = _host.Log });
    }

    public Publisher Publisher { get; }
    public List<int> Loans { get; } = new();

    public LoanedSample? Loan(int length)
    {
        Loans.Add(length);
        return Publisher.Loan(length);
    }

    public void Dispose()
    {
        Publisher.Dispose();
        _host.Dispose();
    }
}
