using Quiver.Tests;

namespace Quiver.Bridge.Tests;

/// <summary>
/// A child process that reports on standard output, one line per event (quiver bridge, the Python
/// bridge peer), started without waiting for a ready line: each caller expects its own. Its
/// environment names the runtime directory, since a bridge test has two.
/// </summary>
public sealed class LineProcess(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    : TestPeerProcess(fileName, arguments, runtimeDirectory: null, environment, readyPrefix: null);
