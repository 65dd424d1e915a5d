using Quiver.Transport;

namespace Quiver.Bridge.Tests;

/// <summary>tests/python/bridge_peer.py on one host, with the repository's quiver package and the schema of vision.Image handed over in a file.</summary>
public static class PythonPeer
{
    public static LineProcess Start(string runtimeDirectory, string mode, string topic, params string[] more)
    {
        var contract = Topic.ContractOf<Vision.Image>();
        string schemaFile = Path.Combine(runtimeDirectory, "..", Path.GetFileName(runtimeDirectory) + ".schema");
        File.WriteAllBytes(schemaFile, contract.Schema.ToArray());
        string root = Quiver.Tests.RepositoryRoot.Path;
        string pythonPath = Path.Combine(root, "src", "Python");
        if (Environment.GetEnvironmentVariable("PYTHONPATH") is { Length: > 0 } inherited)
            pythonPath += ":" + inherited;
        var peer = new LineProcess("/usr/bin/python3",
            new[] { Path.Combine(root, "tests", "python", "bridge_peer.py"), mode, topic, contract.Fingerprint.ToString("x16"), schemaFile }.Concat(more),
            new Dictionary<string, string>
            {
                [RuntimeDirectory.OverrideVariable] = runtimeDirectory,
                ["PYTHONPATH"] = pythonPath,
                ["PYTHONDONTWRITEBYTECODE"] = "1",
            });
        try
        {
            peer.Expect("READY");
            return peer;
        }
        catch
        {
            peer.Dispose();
            throw;
        }
        finally
        {
            File.Delete(schemaFile);
        }
    }
}
