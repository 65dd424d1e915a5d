using System.Text.Json;
using Quiver.Tests;

namespace Quiver.Cli.Tests;

/// <summary><c>quiver echo</c> against real publisher processes: no generated types on this side.</summary>
public sealed class EchoCommandTests : IDisposable
{
    private readonly LiveDirectory _live = new();

    public void Dispose() => _live.Dispose();

    private static JsonElement[] Lines(string output) =>
        output.TrimEnd('\n').Split('\n').Select(line => JsonDocument.Parse(line).RootElement).ToArray();

    [Fact]
    public void Prints_csharp_camera_frames_as_json_lines_with_the_pixels_shortened()
    {
        using var camera = new CameraPeer(_live.Runtime, "camera/echo", 50);

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "echo", "camera/echo", "--count", "3", "--bytes", "4");

        Assert.True(exitCode == 0, errors);
        var frames = Lines(output);
        Assert.Equal(3, frames.Length);
        foreach (var frame in frames)
        {
            Assert.Equal(64, frame.GetProperty("width").GetInt32());
            Assert.Equal(32, frame.GetProperty("height").GetInt32());
            Assert.Equal(64 * 3, frame.GetProperty("step").GetInt32());
            Assert.Equal("camera/front", frame.GetProperty("frame_id").GetString());
            Assert.Equal(CameraPeer.FrameBytes, frame.GetProperty("data").GetProperty("length").GetInt32());
            Assert.Equal(8, frame.GetProperty("data").GetProperty("first").GetString()!.Length);
            Assert.Equal(JsonValueKind.Null, frame.GetProperty("pose").ValueKind);
            Assert.True(DateTimeOffset.TryParse(frame.GetProperty("stamp").GetString(), out _));
        }
    }

    [Fact]
    public void Releases_each_sample_so_it_reads_past_the_publishers_queue_depth()
    {
        // The camera lets a subscriber hold 8 samples; one that kept them would be skipped from then on and never reach 30.
        using var camera = new CameraPeer(_live.Runtime, "camera/release", 100);

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "echo", "camera/release", "--count", "30", "--field", "width");

        Assert.True(exitCode == 0, errors);
        Assert.Equal(Enumerable.Repeat("64", 30), output.TrimEnd('\n').Split('\n'));
    }

    [PyarrowFact]
    public void Prints_python_detections_and_a_nested_field()
    {
        using (var detector = new DetectorPeer(_live.Runtime, _live.GeneratedPython(), "detections/echo", 3))
        {
            var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "echo", "detections/echo", "--count", "3");

            Assert.True(exitCode == 0, errors);
            var messages = Lines(output);
            Assert.Equal(["camera/front#0", "camera/front#1", "camera/front#2"], messages.Select(m => m.GetProperty("frame_id").GetString()));
            var person = messages[1].GetProperty("detections")[0];
            Assert.Equal("person", person.GetProperty("label").GetString());
            Assert.Equal(1.0, person.GetProperty("box").GetProperty("x_min").GetDouble());
            Assert.Equal(7, person.GetProperty("track_id").GetInt32());
        }
        using (var detector = new DetectorPeer(_live.Runtime, _live.GeneratedPython(), "detections/field", 1))
        {
            var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "echo", "detections/field", "--once", "--field", "frame_id");

            Assert.True(exitCode == 0, errors);
            Assert.Equal("\"camera/front#0\"\n", output);
        }
    }

    [Fact]
    public void Prints_every_type_of_a_csharp_all_types_batch()
    {
        using var publisher = new AllTypesPeer(_live.Runtime, "all/types");

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "echo", "all/types", "--count", "4");

        Assert.True(exitCode == 0, errors);
        // Minimum, Maximum, Nulls one row each, then the three as one batch: six rows, each with every field.
        var rows = Lines(output);
        Assert.Equal(6, rows.Length);
        var fields = rows[0].EnumerateObject().Select(p => p.Name).ToList();
        Assert.True(fields.Count > 20, output);
        Assert.All(rows, row => Assert.Equal(fields, row.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(rows[0].GetRawText(), rows[3].GetRawText());
        Assert.Equal(rows[2].GetRawText(), rows[5].GetRawText());
    }

    [Fact]
    public void Table_shows_the_fields_as_columns()
    {
        using var camera = new CameraPeer(_live.Runtime, "camera/table", 50);

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "echo", "camera/table", "--once", "--table", "--bytes", "2");

        Assert.True(exitCode == 0, errors);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(5, lines.Length);
        Assert.Equal(["width", "height", "step", "encoding", "stamp", "frame_id", "data", "labels", "pose"],
            lines[1].Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        var cells = lines[3].Split('│', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["64", "32", "192", "0"], cells[..4]);
        Assert.Equal("camera/front", cells[5]);
        Assert.StartsWith("{\"length\":6144,\"first\":\"", cells[6]);
    }

    [Fact]
    public void Waits_for_a_publisher_that_starts_later()
    {
        using var echo = new QuiverProcess(_live.Runtime, "echo", "camera/later", "--once", "--field", "height", "--wait", "60");
        using var camera = new CameraPeer(_live.Runtime, "camera/later", 50);

        var (exitCode, output, errors) = echo.WaitForExit();

        Assert.True(exitCode == 0, errors);
        Assert.Equal("32\n", output);
    }

    [Fact]
    public void Waiting_says_so_and_sigterm_ends_it_with_130()
    {
        using var echo = new QuiverProcess(_live.Runtime, "echo", "camera/never", "--wait");
        echo.ExpectError($"quiver: waiting for a publisher of 'camera/never' in {_live.Runtime} (Ctrl+C stops)");

        echo.Terminate();

        var (exitCode, output, _) = echo.WaitForExit();
        Assert.Equal(ExitCodes.Interrupted, exitCode);
        Assert.Equal("", output);
    }

    [Fact]
    public void A_raw_topic_is_refused_with_what_to_use_instead()
    {
        using var publisher = RawPublisherPeer.CSharp(_live.Runtime, "raw/echo");

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "echo", "raw/echo", "--once");

        Assert.Equal(ExitCodes.ConnectionFailed, exitCode);
        Assert.Equal("", output);
        Assert.Contains("is not a readable Arrow schema", errors);
        Assert.Contains("'quiver hz' and 'quiver bw' measure any topic", errors);
    }

    [Fact]
    public void A_stale_topic_is_not_found_and_says_its_publisher_is_gone()
    {
        using (var killed = RawPublisherPeer.CSharp(_live.Runtime, "raw/gone"))
            killed.Kill();

        var (exitCode, _, errors) = QuiverProcess.Run(_live.Runtime, "echo", "raw/gone", "--once");

        Assert.Equal(ExitCodes.TopicNotFound, exitCode);
        Assert.Contains($"in the runtime directory {_live.Runtime} (its socket is left from a publisher that is gone)", errors);
    }

    [Fact]
    public void An_unknown_field_lists_the_fields_there_are()
    {
        using var camera = new CameraPeer(_live.Runtime, "camera/fields", 50);

        var (exitCode, _, errors) = QuiverProcess.Run(_live.Runtime, "echo", "camera/fields", "--once", "--field", "pose.nope");

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Equal("quiver: --field pose.nope: 'pose' has no field 'nope'; its fields are position, orientation.\n", errors);
    }
}

/// <summary>tests/Quiver.Topics.TestPeer publishing all_types.AllTypes: waits for one subscriber, then sends Minimum, Maximum, Nulls and the three as one batch.</summary>
internal sealed class AllTypesPeer(string runtimeDirectory, string topic)
    : Quiver.Tests.TestPeerProcess("Quiver.Topics.TestPeer", runtimeDirectory, "publish-all-types", topic, "1");
