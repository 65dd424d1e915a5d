namespace Quiver.Cli;

/// <summary>
/// The exit codes of every <c>quiver</c> command, documented in docs/cli.md. Scripts branch on
/// them, so a code keeps its meaning once released; a new kind of failure gets a new number.
/// </summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary><c>gen</c>: the schemas have errors, printed as <c>file(line,col): error QVRnnnn: message</c>.</summary>
    public const int SchemaErrors = 1;

    /// <summary>The command line is wrong: unknown command or option, missing or invalid value, input that does not exist.</summary>
    public const int UsageError = 2;

    /// <summary>No live publisher has the named topic (and <c>--wait</c> was not given or its time ran out).</summary>
    public const int TopicNotFound = 3;

    /// <summary>The publisher was found but the connection failed: refused handshake, publisher died, protocol error.</summary>
    public const int ConnectionFailed = 4;

    /// <summary>The runtime directory cannot be used: not a directory, another user's, or open to other users (the message says which).</summary>
    public const int RuntimeDirectoryUnusable = 5;

    /// <summary>
    /// <c>record</c>, <c>inspect</c>, <c>play</c>: the recording cannot be made or read: the directory already holds one
    /// (without <c>--force</c>), is not a recording, or a write failed (disk full; the files stay readable up to the last whole message);
    /// <c>play</c> stops with it when a message finds no room in its publisher's pool.
    /// </summary>
    public const int RecordingFailed = 6;

    /// <summary><c>play</c>: the recording is damaged (a file cut short, missing or corrupt); everything up to the damage was played.</summary>
    public const int RecordingDamaged = 7;

    /// <summary><c>sql --live</c>: a topic the query names has a publisher, but no message arrived from it within the <c>--live</c> window.</summary>
    public const int NoMessages = 8;

    /// <summary><c>bridge</c>: the bridge cannot run as configured: NATS unreachable or refusing the credentials or subjects, JetStream missing, an imported topic published locally (the message says which).</summary>
    public const int BridgeFailed = 9;

    /// <summary>Stopped by Ctrl+C (SIGINT) or SIGTERM before the command finished on its own; 128 + SIGINT, as shells do.</summary>
    public const int Interrupted = 130;
}
