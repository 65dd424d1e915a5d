using System.Runtime.CompilerServices;

namespace Quiver.Generator.Tests;

/// <summary>
/// Verify-style snapshots: <c>_snapshots/{Class}.{Method}#{name}.verified.{ext}</c> is committed;
/// a mismatch writes <c>.received.{ext}</c> next to it and fails with the first differing line.
/// <c>QUIVER_ACCEPT_SNAPSHOTS=1</c> overwrites the verified files instead.
/// </summary>
internal static class Snapshot
{
    private static string Directory([CallerFilePath] string sourceFile = "") =>
        Path.Combine(Path.GetDirectoryName(sourceFile)!, "_snapshots");

    public static void Verify(string text, string name, string extension, string testClass, [CallerMemberName] string method = "")
    {
        var directory = Directory();
        System.IO.Directory.CreateDirectory(directory);
        var stem = Path.Combine(directory, $"{testClass}.{method}#{name}");
        var verifiedPath = stem + ".verified." + extension;
        var receivedPath = stem + ".received." + extension;
        text = text.Replace("\r\n", "\n");
        if (Environment.GetEnvironmentVariable("QUIVER_ACCEPT_SNAPSHOTS") == "1")
        {
            File.WriteAllText(verifiedPath, text);
            File.Delete(receivedPath);
            return;
        }
        var verified = File.Exists(verifiedPath) ? File.ReadAllText(verifiedPath).Replace("\r\n", "\n") : null;
        if (verified == text)
        {
            File.Delete(receivedPath);
            return;
        }
        File.WriteAllText(receivedPath, text);
        Assert.Fail(verified is null
            ? $"No snapshot {verifiedPath}; wrote {receivedPath}. Review it and rename it, or run with QUIVER_ACCEPT_SNAPSHOTS=1."
            : $"{receivedPath} differs from {verifiedPath}: {FirstDifference(verified, text)}");
    }

    public static IEnumerable<string> Files(string testClass, string method) =>
        System.IO.Directory.Exists(Directory())
            ? System.IO.Directory.GetFiles(Directory(), $"{testClass}.{method}#*.verified.*")
            : [];

    private static string FirstDifference(string expected, string actual)
    {
        var e = expected.Split('\n');
        var a = actual.Split('\n');
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var left = i < e.Length ? e[i] : "<end of file>";
            var right = i < a.Length ? a[i] : "<end of file>";
            if (left != right)
                return $"line {i + 1}:\n- {left}\n+ {right}";
        }
        return "line endings or trailing text differ";
    }
}
