using System.Text.Json;
using Quiver.Tests;

namespace Quiver.Cli.Tests;

/// <summary><c>quiver sql --live</c> as a child process against the demo publishers: the C# camera and the Python detector.</summary>
public sealed class SqlCommandTests : IDisposable
{
    private readonly LiveDirectory _live = new();

    public void Dispose() => _live.Dispose();

    [PyarrowFact]
    public void Queries_what_the_python_detector_sent_until_it_left()
    {
        const int Frames = 10;
        using var detector = new DetectorPeer(_live.Runtime, _live.GeneratedPython(), "detections/sql", Frames);

        // The detector leaves after its last frame, which ends the window long before two minutes.
        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "sql",
            "select count(*) as frames, count(distinct frame_id) as ids, sum(len(detections)) as found, " +
            "avg(detections[1].box.x_min) as person_x, max(detections[2].label) as second " +
            "from 'detections/sql'", "--live", "2m", "--json");

        Assert.True(exitCode == 0, errors);
        var answer = JsonDocument.Parse(output).RootElement;
        Assert.Equal(Frames, answer.GetProperty("frames").GetInt32());
        Assert.Equal(Frames, answer.GetProperty("ids").GetInt32());
        // Every frame has a person and a cup; the person's box starts at x = frame number.
        Assert.Equal((2 * Frames).ToString(), answer.GetProperty("found").GetString());
        Assert.Equal(Enumerable.Range(0, Frames).Average(), answer.GetProperty("person_x").GetDouble());
        Assert.Equal("cup", answer.GetProperty("second").GetString());
    }

    [Fact]
    public void Releases_each_live_sample_so_the_window_holds_more_than_the_queue_depth()
    {
        // The camera lets a subscriber hold 8 samples; a capture that kept them would stop at 8.
        using var camera = new CameraPeer(_live.Runtime, "camera/sql", 100);

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "sql",
            "select count(*) as frames, min(width) as width, max(octet_length(data)) as bytes from 'camera/sql'", "--live", "3s", "--json");

        Assert.True(exitCode == 0, errors);
        var answer = JsonDocument.Parse(output).RootElement;
        Assert.True(answer.GetProperty("frames").GetInt32() > CameraPeer.QueueDepth, output);
        Assert.Equal(64, answer.GetProperty("width").GetInt32());
        Assert.Equal(CameraPeer.FrameBytes, answer.GetProperty("bytes").GetInt32());
    }
}
