using Quiver.Recording;

namespace Quiver.Cli.Recording;

/// <summary>Runs recording work from a command; a <see cref="RecordingException"/> becomes a <see cref="CommandFailure"/> with <see cref="ExitCodes.RecordingFailed"/>.</summary>
internal static class RecordingErrors
{
    public static T Guard<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (RecordingException e)
        {
            throw new CommandFailure(ExitCodes.RecordingFailed, e.Message, e);
        }
    }
}
