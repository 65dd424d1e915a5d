// The C# side of the schema evolution matrix (tests/python/test_evolution.py), built once per
// version of tests/evolution (V1, V2, V3). Lines on stdout:
//   publish <prefix>: a publisher of every test message on <prefix>/<name>; "LOG <line>" for what
//     the transport logs (refusals), "READY", then one Reading once a subscriber has it, "SENT";
//     exits on a line or the end of stdin.
//   subscribe <prefix>: "ACCEPTED <name>" or "REFUSED <name> <message>" per refusal topic, then
//     "FIELD <path>=<value>" for every field of the Reading received, in this version's order, "DONE".
using System.Globalization;
using Evolution;
using Quiver;
using Quiver.Messages;
using Quiver.Transport;

var wait = TimeSpan.FromSeconds(60);
string prefix = args[1];
var log = new TransportLog((_, line) => Console.WriteLine($"LOG {line}"));

if (args[0] == "publish")
{
    var publisherOptions = new PublisherOptions { Log = log, HeldWarningAfter = Timeout.InfiniteTimeSpan };
    var publishers = new List<IDisposable>
    {
        Topic.Publish<TypeChange>($"{prefix}/type-change", publisherOptions),
        Topic.Publish<NullabilityChange>($"{prefix}/nullability-change", publisherOptions),
        Topic.Publish<NonNullAdded>($"{prefix}/non-null-added", publisherOptions),
        Topic.Publish<NonNullRemoved>($"{prefix}/non-null-removed", publisherOptions),
        Topic.Publish<FieldRenamed>($"{prefix}/field-renamed", publisherOptions),
        Topic.Publish<NestedChange>($"{prefix}/nested-change", publisherOptions),
#if V3
        Topic.Publish<Renamed>($"{prefix}/named", publisherOptions),
#else
        Topic.Publish<Named>($"{prefix}/named", publisherOptions),
#endif
    };
    using var reading = Topic.Publish<Reading>($"{prefix}/reading", publisherOptions);
    Console.WriteLine("READY");
    if (!reading.WaitForSubscribers(1, wait))
        throw new TimeoutException("No subscriber to the reading.");
    reading.Send(Sent());
    Console.WriteLine("SENT");
    Console.ReadLine();
    foreach (var publisher in publishers)
        publisher.Dispose();
    return;
}

var options = new SubscriberOptions { Log = log, WaitForPublisher = wait };
Try<TypeChange>("type-change");
Try<NullabilityChange>("nullability-change");
Try<NonNullAdded>("non-null-added");
Try<NonNullRemoved>("non-null-removed");
Try<FieldRenamed>("field-renamed");
Try<NestedChange>("nested-change");
#if V3
Try<Renamed>("named");
#else
Try<Named>("named");
#endif
using (var subscriber = Topic.Subscribe<Reading>($"{prefix}/reading", options))
using (var received = subscriber.Receive(wait) ?? throw new InvalidOperationException("The reading's stream ended before a sample."))
    Print(received.Message);
Console.WriteLine("DONE");

void Try<T>(string name) where T : IMessage<T>
{
    try
    {
        using var subscriber = Topic.Subscribe<T>($"{prefix}/{name}", options);
        Console.WriteLine($"ACCEPTED {name}");
    }
    catch (TopicUnavailableException e)
    {
        Console.WriteLine($"REFUSED {name} {e.Message}");
    }
}

static void Field(string path, object? value) =>
    Console.WriteLine($"FIELD {path}={value switch { null => "null", double d => d.ToString(CultureInfo.InvariantCulture), _ => Convert.ToString(value, CultureInfo.InvariantCulture) }}");

static void PrintPoint(string path, Point point)
{
#if V3
    Field($"{path}.y", point.Y);
    Field($"{path}.x", point.X);
    Field($"{path}.z", point.Z);
    Field($"{path}.w", point.W);
#elif V2
    Field($"{path}.x", point.X);
    Field($"{path}.y", point.Y);
    Field($"{path}.z", point.Z);
#else
    Field($"{path}.x", point.X);
    Field($"{path}.y", point.Y);
#endif
}

static void PrintPath(Reading reading)
{
    var path = reading.Path;
    for (var i = 0; i < path.Count; i++)
        PrintPoint($"path.{i}", path[i]);
}

static void Print(Reading reading)
{
#if V1
    Field("id", reading.Id);
    Field("label", reading.Label);
    Field("mode", reading.Mode);
    PrintPoint("origin", reading.Origin);
    PrintPath(reading);
    Field("count", reading.Count);
#elif V2
    Field("count", reading.Count);
    Field("id", reading.Id);
    Field("mode", reading.Mode);
    PrintPoint("origin", reading.Origin);
    PrintPath(reading);
    Field("exposure_us", reading.ExposureUs);
#else
    Field("id", reading.Id);
    Field("mode", reading.Mode);
    PrintPoint("origin", reading.Origin);
    PrintPath(reading);
    Field("exposure_us", reading.ExposureUs);
    Field("note", reading.Note);
#endif
}

static Reading.Value Sent() => new()
{
    Id = 7,
#if V1
    Label = "seven",
    Mode = Mode.On,
    Origin = new Point.Value { X = 1.5, Y = -2.5 },
    Path = [new Point.Value { X = 1, Y = 2 }, new Point.Value { X = 3, Y = 4 }],
    Count = 42,
#elif V2
    Count = 42,
    Mode = Mode.Auto,
    Origin = new Point.Value { X = 1.5, Y = -2.5, Z = 3.5 },
    Path = [new Point.Value { X = 1, Y = 2 }, new Point.Value { X = 3, Y = 4, Z = 5 }],
    ExposureUs = 1000,
#else
    Mode = Mode.Auto,
    Origin = new Point.Value { X = 1.5, Y = -2.5, Z = 3.5, W = 4.5 },
    Path = [new Point.Value { X = 1, Y = 2 }, new Point.Value { X = 3, Y = 4, Z = 5, W = 6 }],
    ExposureUs = 1000,
    Note = "hello",
#endif
};
