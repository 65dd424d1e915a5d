using Quiver.Cli.Live;
using Quiver.Recording;
using Quiver.Transport;

namespace Quiver.Cli.Recording;

/// <summary>
/// <c>quiver record --all</c> after its start: every second, joins the topics that appeared in the
/// runtime directory since, and says so, until disposed or the recording ends.
/// </summary>
internal sealed class NewTopicFollower : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly Recorder _recorder;
    private readonly HashSet<string> _recorded;
    private readonly TextWriter _output;
    private readonly TextWriter _errors;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;

    public NewTopicFollower(Recorder recorder, IEnumerable<string> recorded, TextWriter output, TextWriter errors)
    {
        _recorder = recorder;
        _recorded = [.. recorded];
        _output = output;
        _errors = errors;
        _thread = new Thread(Run) { IsBackground = true, Name = "quiver record --all: new topics" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _stop.Dispose();
    }

    private void Run()
    {
        while (!_stop.Token.WaitHandle.WaitOne(Interval))
        {
            IReadOnlyList<string> live;
            try
            {
                live = LiveTopic.InRuntimeDirectory(RuntimeDirectory.Topics);
            }
            catch (CommandFailure e)
            {
                _errors.WriteLine($"quiver: {e.Message} Topics that appear from now on are not recorded.");
                return;
            }
            foreach (var topic in live.Where(t => !_recorded.Contains(t)))
            {
                try
                {
                    _recorder.Join(topic);
                }
                catch (CommandFailure)
                {
                    // A socket left by a publisher that is gone, or one that left again: tried again next time.
                    continue;
                }
                catch (RecordingException)
                {
                    // The recording has ended.
                    return;
                }
                _recorded.Add(topic);
                _output.WriteLine($"Recording {topic} too: its publisher appeared after the recording started.");
            }
        }
    }
}
