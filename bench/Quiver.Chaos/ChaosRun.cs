using System.Collections.Concurrent;
using System.Diagnostics;
using Quiver.Transport;

namespace Quiver.Chaos;

/// <summary>
/// Runs one chaos soak: a publisher process and three subscriber processes (two C#, one Python)
/// on a private runtime directory; SIGKILLs and restarts subscribers on the schedule and the
/// publisher once; reacts to the children's output lines one at a time, in the order they come.
/// What happened is in the returned <see cref="ChaosReport"/>; <see cref="ChaosChecks"/> judges it.
/// </summary>
public sealed class ChaosRun
{
    private const int Subscribers = 3;
    private readonly ChaosOptions _options;
    private readonly BlockingCollection<ChildLine> _lines = new();
    private readonly List<ChildProcess> _children = new();
    private readonly List<Incarnation> _incarnations = new();
    private readonly List<SubscriberProcess> _subscribers = new();
    private readonly List<Life> _lives = new();
    private readonly List<string> _faults = new();
    private readonly Random _chaos;
    private readonly Dictionary<string, string> _environment;
    private readonly Stopwatch _clock = new();
    private int _nextKillAt;
    private TimeSpan _lastKill;
    private int _subscriberKills;
    private bool _publisherKilled;
    private bool _restartPending;
    private bool _exitSent;

    private ChaosRun(ChaosOptions options, string runtimeDirectory)
    {
        _options = options;
        _chaos = new Random(unchecked((int)options.Seed));
        RuntimeDirectory = runtimeDirectory;
        _environment = new Dictionary<string, string>
        {
            [Quiver.Transport.RuntimeDirectory.OverrideVariable] = runtimeDirectory,
            // A .NET process killed with SIGKILL would leave its diagnostics pipes in /tmp.
            ["DOTNET_EnableDiagnostics"] = "0",
            ["PYTHONPATH"] = options.Children.PythonPath,
            ["PYTHONDONTWRITEBYTECODE"] = "1",
        };
    }

    private string RuntimeDirectory { get; }
    private Incarnation Current => _incarnations[^1];
    private long SentBefore => _incarnations.Take(_incarnations.Count - 1).Sum(incarnation => incarnation.Sent);

    public static ChaosReport Execute(ChaosOptions options)
    {
        string runId = $"{Environment.ProcessId}-{Guid.NewGuid():N}"[..24];
        string runtimeDirectory = Path.Combine(Path.GetTempPath(), $"quiver-chaos-{runId}");
        var before = LeftOvers.Snapshot();
        var run = new ChaosRun(options, runtimeDirectory);
        try
        {
            run.Drive();
        }
        catch (TimeoutException e)
        {
            run._faults.Add(e.Message);
        }
        finally
        {
            foreach (var child in run._children)
                child.EnsureExited();
        }
        var failedExits = run._children.Where(child => !child.Killed && child.ExitCode != 0)
            .Select(child => $"{child.Role} exited with {child.ExitCode}: {child.StandardError}").ToList();
        foreach (var child in run._children)
            child.Dispose();
        var leftInRuntimeDirectory = Directory.Exists(runtimeDirectory) ? Directory.GetFileSystemEntries(runtimeDirectory) : [];
        if (Directory.Exists(runtimeDirectory))
            Directory.Delete(runtimeDirectory, recursive: true);
        var pids = run._children.Select(child => child.ProcessId).ToList();
        return new ChaosReport(options, run._clock.Elapsed, run._incarnations, run._subscribers, run._lives, run._subscriberKills,
            run._faults, leftInRuntimeDirectory, LeftOvers.NewSince(before, runId, pids), LeftOvers.StillRunning(pids, runtimeDirectory), failedExits);
    }

    private void Drive()
    {
        _clock.Start();
        for (int i = 0; i < Subscribers; i++)
            StartSubscriber(python: i == Subscribers - 1);
        StartPublisher(_options.Messages);
        while (_children.Any(child => !child.OutputClosed))
        {
            if (!_lines.TryTake(out var line, _options.Silence))
                throw new TimeoutException($"No child said anything for {_options.Silence}. {State()}");
            if (line.Line is null)
                OnOutputClosed(line.Child);
            else if (_incarnations.FirstOrDefault(incarnation => incarnation.Process == line.Child) is { } publisher)
                OnPublisher(publisher, line.Line.Split(' '));
            else
                OnSubscriber(_subscribers.Single(subscriber => subscriber.Process == line.Child), line.Line.Split(' '));
            if (_faults.Count > 0)
            {
                _faults.Add($"The run stopped there. {State()}");
                return;
            }
        }
        foreach (var child in _children)
            child.WaitForExit(_options.Silence);
    }

    private void OnOutputClosed(ChildProcess child)
    {
        child.OutputClosed = true;
        bool finished = _incarnations.Any(publisher => publisher.Process == child && publisher.SaidBye)
                        || _subscribers.Any(subscriber => subscriber.Process == child && subscriber.Done);
        if (child.Killed || finished)
            return;
        // Its last words on standard error come with its exit.
        child.WaitForExit(_options.Silence);
        _faults.Add($"{child.Role} (pid {child.ProcessId}) stopped on its own: {child.StandardError}");
    }

    private void OnPublisher(Incarnation publisher, string[] words)
    {
        switch (words[0])
        {
            case "READY":
                break;
            case "PROGRESS":
                publisher.Checkpoints.Add(new Checkpoint(long.Parse(words[1]), int.Parse(words[2]), int.Parse(words[3]), ProcessMemory.Of(publisher.ProcessId)));
                foreach (var subscriber in Alive())
                    if (ProcessMemory.Of(subscriber.Process.ProcessId) is { } memory)
                        subscriber.Memory.Add(memory);
                if (publisher == Current)
                    MaybeKill(SentBefore + long.Parse(words[1]));
                break;
            case "LEFT":
                var life = LifeOf(int.Parse(words[1]), publisher);
                if (life is null)
                    _faults.Add($"Publisher {publisher.Number} reported subscriber pid {words[1]} leaving, a process this run did not start");
                else
                    life.Departure = new Departure(long.Parse(words[2]), long.Parse(words[3]), int.Parse(words[4]));
                break;
            case "DONE":
                publisher.Totals = new PublisherTotals(long.Parse(words[1]), long.Parse(words[2]), int.Parse(words[3]), int.Parse(words[4]), long.Parse(words[5]), int.Parse(words[6]));
                publisher.Sent = publisher.Totals.Sent;
                _options.Log?.Invoke($"{_clock.Elapsed:mm\\:ss} publisher {publisher.Number} sent its {publisher.Sent:N0} samples; stopping the subscribers");
                foreach (var subscriber in Alive())
                    subscriber.Process.Tell("STOP");
                break;
            case "BYE":
                publisher.SaidBye = true;
                break;
            default:
                _faults.Add($"Publisher {publisher.Number}: {string.Join(' ', words)}");
                break;
        }
    }

    private void OnSubscriber(SubscriberProcess subscriber, string[] words)
    {
        switch (words[0])
        {
            case "READY":
                break;
            case "JOINED":
                var publisher = _incarnations.Single(incarnation => incarnation.ProcessId == int.Parse(words[1]));
                subscriber.Joined = publisher;
                LifeOf(subscriber.Process.ProcessId, publisher);
                break;
            case "LIFE":
                var life = LifeOf(subscriber.Process.ProcessId, _incarnations.Single(incarnation => incarnation.ProcessId == int.Parse(words[1])))!;
                life.View = new SubscriberView(ulong.Parse(words[2]), ulong.Parse(words[3]), long.Parse(words[4]), long.Parse(words[5]), long.Parse(words[6]), long.Parse(words[7]));
                life.End = life.Publisher.Killed ? LifeEnd.PublisherKilled : LifeEnd.RunEnded;
                if (_restartPending)
                    MaybeRestartPublisher();
                break;
            case "STOPPING":
                subscriber.Stopping = true;
                if (!_exitSent && Alive().All(s => s.Stopping))
                {
                    _exitSent = true;
                    Current.Process.Tell("EXIT");
                }
                break;
            case "DONE":
                subscriber.Done = true;
                subscriber.Final = ProcessMemory.Of(subscriber.Process.ProcessId);
                subscriber.Process.CloseInput();
                break;
            default:
                _faults.Add($"{subscriber.Process.Role}: {string.Join(' ', words)}");
                break;
        }
    }

    private IEnumerable<SubscriberProcess> Alive() => _subscribers.Where(subscriber => !subscriber.Process.Killed);

    /// <summary>
    /// The life of this subscriber process with this publisher, made when either side first
    /// mentions it; null for a pid this run did not start. Pids are reused over a long run: the
    /// latest process with the pid is the one that can still speak.
    /// </summary>
    private Life? LifeOf(int subscriberPid, Incarnation publisher)
    {
        if (_lives.LastOrDefault(life => life.Subscriber.Process.ProcessId == subscriberPid && life.Publisher == publisher) is { } known)
            return known;
        if (_subscribers.LastOrDefault(subscriber => subscriber.Process.ProcessId == subscriberPid) is not { } process)
            return null;
        var life = new Life(process, publisher);
        _lives.Add(life);
        return life;
    }

    private void MaybeKill(long sent)
    {
        var joined = Alive().Where(subscriber => subscriber.Joined == Current).ToList();
        if (_restartPending || joined.Count < Subscribers)
            return;
        if (!_publisherKilled && sent >= _options.PublisherKillAt)
        {
            KillPublisher();
            return;
        }
        bool due = (_nextKillAt < _options.SubscriberKillsAt.Count && sent >= _options.SubscriberKillsAt[_nextKillAt])
                   || (_options.SubscriberKillEvery is { } every && _clock.Elapsed - _lastKill >= every && sent < _options.Messages * _options.StopKillingAt);
        if (!due)
            return;
        if (_nextKillAt < _options.SubscriberKillsAt.Count && sent >= _options.SubscriberKillsAt[_nextKillAt])
            _nextKillAt++;
        _lastKill = _clock.Elapsed;
        // Random, except that the second kill takes the other runtime if the first did not: both are killed in every run.
        var notYetKilled = joined.Where(s => !_subscribers.Any(killed => killed.Process.Killed && killed.IsPython == s.IsPython)).ToList();
        var candidates = _subscriberKills == 1 && notYetKilled.Count > 0 ? notYetKilled : joined;
        var victim = candidates[_chaos.Next(candidates.Count)];
        victim.Process.Kill();
        _subscriberKills++;
        LifeOf(victim.Process.ProcessId, Current)!.End = LifeEnd.SubscriberKilled;
        _options.Log?.Invoke($"{_clock.Elapsed:mm\\:ss} {sent:N0} sent: killed {victim.Process.Role} (pid {victim.Process.ProcessId})");
        StartSubscriber(victim.IsPython);
    }

    private void KillPublisher()
    {
        _publisherKilled = true;
        _restartPending = true;
        Current.Process.Kill();
        _options.Log?.Invoke($"{_clock.Elapsed:mm\\:ss} killed publisher {Current.Number} (pid {Current.ProcessId})");
        MaybeRestartPublisher();
    }

    /// <summary>
    /// Once every subscriber has said what it got from the killed publisher, the last sequence any
    /// of them saw is what it sent, and the next publisher sends the rest of the run's samples.
    /// </summary>
    private void MaybeRestartPublisher()
    {
        var killed = Current;
        var lives = _lives.Where(life => life.Publisher == killed && !life.Subscriber.Process.Killed).ToList();
        if (lives.Any(life => life.View is null))
            return;
        _restartPending = false;
        killed.Sent = lives.Select(life => (long)life.View!.Last).DefaultIfEmpty(0).Max();
        StartPublisher(_options.Messages - SentBefore - killed.Sent);
    }

    private void StartPublisher(long messages)
    {
        var process = ChildProcess.Start($"publisher {_incarnations.Count + 1}", "dotnet",
            ["exec", _options.Children.ChaosAssembly, "publisher", _options.Seed.ToString(), messages.ToString(), Subscribers.ToString(), _options.ProgressEvery.ToString()],
            _environment, _lines);
        _children.Add(process);
        _incarnations.Add(new Incarnation(_incarnations.Count + 1, process, messages));
    }

    private void StartSubscriber(bool python)
    {
        string role = $"{(python ? "Python" : "C#")} subscriber {_subscribers.Count + 1}";
        var process = python
            ? ChildProcess.Start(role, _options.Children.PythonInterpreter, [_options.Children.PythonScript, _options.Seed.ToString()], _environment, _lines)
            : ChildProcess.Start(role, "dotnet", ["exec", _options.Children.ChaosAssembly, "subscriber", _options.Seed.ToString()], _environment, _lines);
        _children.Add(process);
        _subscribers.Add(new SubscriberProcess(process, python));
    }

    private string State() =>
        $"After {_clock.Elapsed:mm\\:ss}: publishers {string.Join(", ", _incarnations.Select(i => $"{i.Number} (pid {i.ProcessId}, {(i.Checkpoints.LastOrDefault()?.Sent ?? 0):N0} sent{(i.Killed ? ", killed" : "")})"))}; " +
        $"subscribers {string.Join(", ", _subscribers.Select(s => $"{s.Process.Role} (pid {s.Process.ProcessId}{(s.Process.Killed ? ", killed" : s.Process.HasExited ? $", exited {s.Process.ExitCode}" : "")}, stderr: {s.Process.StandardError})"))}; " +
        $"publisher stderr: {Current.Process.StandardError}";
}
