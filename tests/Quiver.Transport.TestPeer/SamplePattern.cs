namespace Quiver.Transport.TestPeer;

/// <summary>The bytes every test sample carries, so any reader can check a sample independently.</summary>
public static class SamplePattern
{
    public static byte At(ulong sequence, int index) => (byte)(sequence * 31 + (ulong)index * 7 + 1);

    public static void Fill(Span<byte> sample, ulong sequence)
    {
        for (int i = 0; i < sample.Length; i++)
            sample[i] = At(sequence, i);
    }

    public static bool Matches(ReadOnlySpan<byte> sample, ulong sequence)
    {
        for (int i = 0; i < sample.Length; i++)
        {
            if (sample[i] != At(sequence, i))
                return false;
        }
        return true;
    }
}
