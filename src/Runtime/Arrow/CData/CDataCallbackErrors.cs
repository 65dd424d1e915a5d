using System.Diagnostics;

namespace Quiver.Arrow.CData;

/// <summary>
/// Where exceptions go that are caught inside a C callback (a release callback, the end of an
/// export whose <c>onReleased</c> hook threw). An exception must never unwind into the C caller
/// — the process would be torn down — so it is caught, reported here, and the callback still
/// completes its contract (the struct is marked released).
/// </summary>
public static class CDataCallbackErrors
{
    /// <summary>Raised on the thread that ran the callback. Without a handler the error goes to <see cref="Trace"/>.</summary>
    public static event Action<Exception>? Unhandled;

    internal static void Report(Exception error)
    {
        var handlers = Unhandled;
        if (handlers is null)
        {
            Trace.TraceError($"Quiver C Data callback failed: {error}");
            return;
        }
        try
        {
            handlers(error);
        }
        catch (Exception handlerError)
        {
            Trace.TraceError($"Quiver C Data callback failed: {error}; its error handler failed too: {handlerError}");
        }
    }
}
