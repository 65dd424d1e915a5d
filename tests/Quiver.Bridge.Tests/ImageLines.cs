using Quiver.Tests;

namespace Quiver.Bridge.Tests;

/// <summary>Checks the "IMAGE &lt;frame id&gt; &lt;length&gt; &lt;digest&gt; &lt;labels&gt;" lines subscriber peers print against the images that were sent.</summary>
internal static class ImageLines
{
    public static string Expected(int n, int length, string labels) =>
        $"IMAGE {ImagePattern.FrameId(n)} {length} {ImagePattern.Digest(ImagePattern.Data(n, length))} {labels}";

    /// <summary>The frame number of an IMAGE line, after checking its data is the pattern of that frame.</summary>
    public static int Check(string line, string labels)
    {
        var parts = line.Split(' ');
        int n = int.Parse(parts[1]["frame-".Length..]);
        Assert.Equal(Expected(n, int.Parse(parts[2]), labels), line);
        return n;
    }
}
