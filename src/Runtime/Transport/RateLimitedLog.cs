using System.Diagnostics;

namespace Quiver.Transport;

/// <summary>
/// A kind of log line that any local process can trigger at will (by flooding the topic socket with
/// connections) is written at most once per interval; the next line written says how many were left
/// out, so a flood shows in the log without filling it. Used by one thread.
/// </summary>
internal sealed class RateLimitedLog(TransportLog log, TimeSpan interval)
{
    private long _lastWritten;
    private bool _written;
    private int _suppressed;

    public void Write(TransportLogLevel level, string message)
    {
        long now = Stopwatch.GetTimestamp();
        if (_written && Stopwatch.GetElapsedTime(_lastWritten, now) < interval)
        {
            _suppressed++;
            return;
        }
        int suppressed = _suppressed;
        _written = true;
        _lastWritten = now;
        _suppressed = 0;
        log(level, suppressed == 0 ? message : $"{message} ({suppressed} more like it since the last one, not logged one by one.)");
    }
}
