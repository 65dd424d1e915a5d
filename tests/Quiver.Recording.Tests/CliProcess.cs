using Quiver.Tests;

namespace Quiver.Recording.Tests;

/// <summary>
/// The built <c>quiver</c> command as a child process, ready once it printed a line starting with
/// <c>readyPrefix</c> (<c>quiver record</c>: "Recording "); killed and waited for on dispose.
/// </summary>
public sealed class CliProcess(string runtimeDirectory, string readyPrefix, params string[] arguments)
    : TestPeerProcess("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "quiver.dll"), .. arguments],
        runtimeDirectory, new Dictionary<string, string>(), readyPrefix);
