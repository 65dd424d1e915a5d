using System.Text.Json;

namespace Quiver.Cli.Tests;

/// <summary><c>quiver info</c> against real publisher processes.</summary>
public sealed class InfoCommandTests : IDisposable
{
    private readonly LiveDirectory _live = new();

    public void Dispose() => _live.Dispose();

    [Fact]
    public void Describes_a_csharp_typed_topic_with_its_schema_as_quiver_text_and_as_arrow()
    {
        using var camera = new CameraPeer(_live.Runtime, "camera/info", 20);

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "info", "camera/info");

        Assert.True(exitCode == 0, errors);
        Assert.Contains("type:            vision.Image\n", output);
        Assert.Contains($"fingerprint:     {_live.Fingerprint("vision.Image")}\n", output);
        Assert.Contains($"publisher pid:   {camera.ProcessId}\n", output);
        Assert.Contains("queue depth:     8 ", output);
        Assert.Contains("notification:    shared-memory ring ", output);
        Assert.Contains("subscribers:     0\n", output);
        Assert.Contains("pool, in flight: not carried by topic protocol version 1", output);
        // The .quiver text of schemas/vision.quiver's Image, as written there (nested messages inline).
        Assert.Contains("""
              package vision;

              message Image {
                width: uint32;
                height: uint32;
                step: uint32;
                encoding: uint8;  // enum vision.Encoding
                stamp: timestamp<ns, "UTC">;
                frame_id: string;
                data: bytes;
                labels: string[];
                pose: {
            """.Replace("\r\n", "\n"), output);
        Assert.Contains("  data: binary not null\n", output);
        Assert.Contains("  stamp: timestamp[ns, tz=UTC] not null\n", output);
    }

    [Fact]
    public void Json_of_a_python_raw_topic_says_its_schema_is_not_arrow()
    {
        using var publisher = RawPublisherPeer.Python(_live.Runtime, "raw/info");

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "info", "raw/info", "--json");

        Assert.True(exitCode == 0, errors);
        var info = JsonDocument.Parse(output).RootElement;
        Assert.Equal("test.Bytes", info.GetProperty("type").GetString());
        Assert.Equal(RawPublisherPeer.Fingerprint, info.GetProperty("fingerprint").GetString());
        Assert.Equal(publisher.ProcessId, info.GetProperty("pid").GetInt32());
        Assert.Equal(64, info.GetProperty("queueDepth").GetInt32());
        Assert.Equal("socket", info.GetProperty("notification").GetString());
        Assert.Contains("the announced schema (3 bytes) is not a readable Arrow schema", info.GetProperty("schemaProblem").GetString());
        Assert.False(info.TryGetProperty("schemaText", out _));
    }

    [Fact]
    public void An_unknown_topic_names_the_runtime_directory_and_the_fix()
    {
        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "info", "no/such/topic");

        Assert.Equal(ExitCodes.TopicNotFound, exitCode);
        Assert.Equal("", output);
        Assert.StartsWith($"quiver: topic 'no/such/topic' has no live publisher in the runtime directory {_live.Runtime} (no publisher is running).", errors);
        Assert.Contains("--wait", errors);
    }
}
