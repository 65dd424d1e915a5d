using Quiver.Tests;

namespace Quiver.Recording.Tests;

/// <summary>
/// A test host started with SIGINT ignored (the suite run as a background job of a script) must
/// not pass that on to its children: the recording tests stop `quiver record` with SIGINT. In the
/// recording collection, so no other test of this host starts a child while SIGINT is ignored here.
/// </summary>
[Collection(RecordingCollection.Name)]
public sealed class InheritedInterruptTests
{
    private sealed class Sleeper() : TestPeerProcess("sleep", ["60"], null, new Dictionary<string, string>(), readyPrefix: null);

    [Fact]
    public void A_child_of_a_host_that_ignores_SIGINT_starts_with_SIGINT_at_its_default()
    {
        var saved = InheritedInterrupt.SaveAction();
        try
        {
            InheritedInterrupt.Ignore();
            Assert.True(InheritedInterrupt.IsIgnored);
            using var child = new Sleeper();
            // SigIgn in /proc is the mask of ignored signals, bit n - 1 for signal n.
            ulong ignored = Convert.ToUInt64(File.ReadLines($"/proc/{child.ProcessId}/status").Single(line => line.StartsWith("SigIgn:", StringComparison.Ordinal))[7..].Trim(), 16);
            Assert.Equal(0UL, ignored & (1UL << (InheritedInterrupt.SigInt - 1)));
            Assert.False(InheritedInterrupt.IsIgnored);
        }
        finally
        {
            InheritedInterrupt.RestoreAction(saved);
        }
    }
}
