namespace Quiver.Interop.Tests.Golden;

/// <summary>The golden streams as xunit theory rows, one per <c>*.stream</c> file, so a new golden file is tested without a code change.</summary>
public static class GoldenCases
{
    private const string NoGoldenData = "(no golden streams found)";

    public static TheoryData<string> Streams()
    {
        var data = new TheoryData<string>();
        try
        {
            foreach (var name in GoldenFiles.StreamNames())
                data.Add(name);
        }
        catch (IOException)
        {
            // One failing row instead of none: a theory without rows would pass silently.
            data.Add(NoGoldenData);
        }
        return data;
    }

    /// <summary>The parsed integration JSON of a row; the placeholder row fails here with the reason the folder yielded nothing.</summary>
    internal static IntegrationJsonFile Load(string stream)
    {
        if (stream == NoGoldenData)
            GoldenFiles.StreamNames();
        return IntegrationJsonFile.ForGoldenStream(stream);
    }
}
