using System.Text.Json;
using Quiver.Tests;

namespace Quiver.Cli.Tests;

/// <summary>
/// <c>quiver info --schema</c> against the demo camera (vision.Image): another version of
/// vision.quiver, edited from the repository's, judged as a subscriber built from it would be
/// judged in its handshake.
/// </summary>
public sealed class InfoSchemaVersionTests : IDisposable
{
    private const string Topic = "camera/versions";
    private readonly LiveDirectory _live = new();
    private readonly string _versions = Directory.CreateTempSubdirectory("quiver-cli-versions-").FullName;

    public void Dispose()
    {
        _live.Dispose();
        Directory.Delete(_versions, recursive: true);
    }

    /// <summary>schemas/vision.quiver and geometry.quiver copied to a folder of their own, with <paramref name="line"/> of vision.quiver replaced by <paramref name="replacement"/>.</summary>
    private string Version(string name, string? line = null, string? replacement = null)
    {
        var folder = Path.Combine(_versions, name);
        Directory.CreateDirectory(folder);
        File.Copy(Path.Combine(RepositoryRoot.Path, "schemas/geometry.quiver"), Path.Combine(folder, "geometry.quiver"));
        var vision = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "schemas/vision.quiver"));
        if (line is not null)
        {
            Assert.Contains(line, vision);
            vision = vision.Replace(line, replacement);
        }
        File.WriteAllText(Path.Combine(folder, "vision.quiver"), vision);
        return folder;
    }

    [Fact]
    public void The_schemas_the_camera_was_built_from_are_identical()
    {
        using var camera = new CameraPeer(_live.Runtime, Topic, 20);

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "info", Topic, "--schema", Version("same"));

        Assert.True(exitCode == 0, errors);
        Assert.Contains("compared with vision.Image from --schema:\n", output);
        Assert.EndsWith("verdict:         identical\n", output);
    }

    [Fact]
    public void A_nullable_field_added_is_compatible_and_said_as_a_difference()
    {
        using var camera = new CameraPeer(_live.Runtime, Topic, 20);
        var version = Version("added", "  height: uint32;\n", "  height: uint32;\n  exposure_us: uint32?;\n");

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "info", Topic, "--schema", version, "--json");

        Assert.True(exitCode == 0, errors);
        var compared = JsonDocument.Parse(output).RootElement.GetProperty("comparedWith");
        Assert.Equal("vision.Image", compared.GetProperty("type").GetString());
        Assert.Equal("compatible", compared.GetProperty("verdict").GetString());
        var differences = compared.GetProperty("differences").EnumerateArray().Select(d => d.GetString()!).ToList();
        Assert.Contains(differences, d => d.Contains("exposure_us", StringComparison.Ordinal));
        Assert.Contains("exposure_us: uint32?;", compared.GetProperty("schemaText").GetString());
    }

    [Fact]
    public void A_field_whose_type_changed_is_refused_naming_it()
    {
        using var camera = new CameraPeer(_live.Runtime, Topic, 20);
        var version = Version("widened", "  width: uint32;\n", "  width: uint64;\n");

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "info", Topic, "--schema", version);

        Assert.True(exitCode == 0, errors);
        var verdict = output.Split('\n').Single(line => line.StartsWith("verdict:", StringComparison.Ordinal));
        Assert.StartsWith("verdict:         refused: ", verdict);
        Assert.Contains("'width'", verdict);
        Assert.Contains("uint64", verdict);
    }

    [Fact]
    public void Another_message_type_is_refused_as_a_different_type()
    {
        using var camera = new CameraPeer(_live.Runtime, Topic, 20);

        var (exitCode, output, errors) = QuiverProcess.Run(_live.Runtime, "info", Topic, "--schema", Version("same"), "--type", "vision.CameraInfo");

        Assert.True(exitCode == 0, errors);
        Assert.EndsWith("verdict:         refused: the topic carries 'vision.Image', not 'vision.CameraInfo'; a renamed message type is a different type\n", output);
    }

    [Fact]
    public void A_message_the_schemas_do_not_declare_is_a_usage_error_listing_those_they_do()
    {
        using var camera = new CameraPeer(_live.Runtime, Topic, 20);

        var (exitCode, _, errors) = QuiverProcess.Run(_live.Runtime, "info", Topic, "--schema", Version("same"), "--type", "vision.Nothing");

        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("declare no message 'vision.Nothing'", errors);
        Assert.Contains("vision.Image", errors);
    }
}
