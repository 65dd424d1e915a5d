using Vision;

namespace Quiver.Examples.Viewer;

/// <summary>Checks the camera example's synthetic pattern: row <c>y</c> is filled with <c>(row 0's byte + y) mod 256</c>.</summary>
internal static class FramePattern
{
    public static bool IsIntact(Image image)
    {
        var pixels = image.Data;
        int step = (int)image.Step, height = (int)image.Height;
        if (image.Encoding != Encoding.Rgb8 || step != image.Width * 3 || pixels.Length != step * height || height == 0)
            return false;
        byte first = pixels[0];
        foreach (int y in (int[])[0, height / 2, height - 1])
        {
            byte expected = (byte)(first + y);
            if (pixels[y * step] != expected || pixels[y * step + step - 1] != expected)
                return false;
        }
        return true;
    }
}
