namespace Quiver.Cli.Tests;

/// <summary>
/// A private runtime directory for one test (its publishers and the quiver runs see only it), and
/// the Python modules generated from the repository's schemas for the typed Python publisher.
/// Removed at the end.
/// </summary>
public sealed class LiveDirectory : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("quiver-cli-live-").FullName;

    public string Runtime => Path.Combine(_root, "run");

    /// <summary>Generates the Python modules once per directory (with quiver gen, in-process) and returns their folder.</summary>
    public string GeneratedPython()
    {
        var folder = Path.Combine(_root, "python");
        if (!Directory.Exists(folder))
            Assert.Equal(0, CliRun.Run("gen", "python", CliRun.Schemas, "-o", folder).ExitCode);
        return folder;
    }

    /// <summary>The fingerprint the generator gives <paramref name="message"/> (e.g. vision.Image), read from its generated Python module.</summary>
    public string Fingerprint(string message)
    {
        var dot = message.LastIndexOf('.');
        var module = File.ReadAllLines(Path.Combine(GeneratedPython(), message[..dot] + ".py"));
        var inClass = false;
        foreach (var line in module)
        {
            inClass |= line.StartsWith($"class {message[(dot + 1)..]}", StringComparison.Ordinal);
            if (inClass && line.Trim().StartsWith("FINGERPRINT = \"", StringComparison.Ordinal))
                return line.Trim()["FINGERPRINT = \"".Length..^1];
        }
        throw new InvalidOperationException($"No FINGERPRINT for {message} in its generated module.");
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
