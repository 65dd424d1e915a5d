namespace Quiver.Cli;

/// <summary>
/// A command cannot go on: the message names the problem and the fix, <see cref="ExitCode"/> is
/// one of <see cref="ExitCodes"/>. <see cref="QuiverCommand.Run"/> prints it as <c>quiver: message</c>.
/// </summary>
internal sealed class CommandFailure(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}
