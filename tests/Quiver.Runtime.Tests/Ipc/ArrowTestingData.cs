namespace Quiver.Runtime.Tests.Ipc;

/// <summary>
/// Finds the Arrow C++ golden files: <c>$QUIVER_ARROW_TESTING</c>, else the repository's
/// vendored copy in <c>tests/data/arrow-testing</c>.
/// Missing data fails the test with the places looked at; it is never skipped.
/// </summary>
internal static class ArrowTestingData
{
    public static string StreamFolder => Path.Combine(Root, "ipc-stream", "cpp-21.0.0");

    public static string Root => Quiver.Tests.RepositoryRoot.ArrowTesting;

    public static IReadOnlyList<string> StreamNames()
    {
        var names = Directory.GetFiles(StreamFolder, "*.stream").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal).ToArray();
        if (names.Length == 0)
            throw new FileNotFoundException($"No *.stream files in '{StreamFolder}'.");
        return names!;
    }

    public static byte[] ReadStream(string name) => File.ReadAllBytes(Path.Combine(StreamFolder, name + ".stream"));
}
