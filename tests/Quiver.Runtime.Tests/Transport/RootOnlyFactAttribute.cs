using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// A test that needs to start a process as another user, which only root can do. CI runs the tests
/// as root, so there the test always runs (and fails if setpriv is missing); a developer running
/// the suite as a normal user sees it skipped with the reason instead of a failure they cannot fix.
/// </summary>
public sealed class RootOnlyFactAttribute : FactAttribute
{
    public RootOnlyFactAttribute()
    {
        if (DescriptorSocket.CurrentUserId != 0)
            Skip = "Needs root: starts a peer as user nobody (setpriv) to check the same-user (SO_PEERCRED) rule.";
    }
}
