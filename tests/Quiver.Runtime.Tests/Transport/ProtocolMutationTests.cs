using System.Buffers.Binary;
using Quiver.Transport;

namespace Quiver.Runtime.Tests.Transport;

/// <summary>
/// Seeded mutation test of the frame and handshake parsers: thousands of corrupted streams in both
/// directions; decoding any of them either succeeds or throws <see cref="ProtocolException"/>.
/// Any other exception fails with the seed and mutant index needed to reproduce it.
/// </summary>
public class ProtocolMutationTests
{
    private const int Seed = 20261121;
    private const int Mutants = 4000;

    [Fact]
    public void Mutated_publisher_streams_only_ever_throw_ProtocolException()
    {
        var original = ProtocolStreams.FromPublisher();
        Run(original, (bytes, random) => ProtocolStreams.DecodeFromPublisher(bytes, random));
    }

    [Fact]
    public void Mutated_subscriber_streams_only_ever_throw_ProtocolException()
    {
        var original = ProtocolStreams.FromSubscriber();
        Run(original, (bytes, random) => ProtocolStreams.DecodeFromSubscriber(bytes, random, 1, 2, 3, 7));
    }

    [Fact]
    public void Mutated_hello_bodies_only_ever_throw_ProtocolException()
    {
        var frame = new Hello(PeerRole.Subscriber, "camera/front", "vision.Image", 42, ProtocolStreams.Schema).ToFrame();
        var body = frame[FrameHeader.Size..];
        Run(body, (bytes, _) => Hello.Parse(bytes));
    }

    private static void Run(byte[] original, Action<byte[], Random> decode)
    {
        int refused = 0;
        for (int index = 0; index < Mutants; index++)
        {
            var random = new Random(Seed + index);
            var mutant = Mutate(original, random);
            try
            {
                decode(mutant, random);
            }
            catch (ProtocolException)
            {
                refused++;
            }
            catch (Exception other)
            {
                Assert.Fail($"Mutant {index} (seed {Seed + index}) threw {other.GetType().Name}: {other.Message}\n{other.StackTrace}");
            }
        }
        // Guards against a mutator that does nothing: most corruptions must be caught.
        Assert.True(refused > Mutants / 2, $"only {refused} of {Mutants} mutants were refused");
    }

    internal static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        int edits = random.Next(1, 4);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    var value = new byte[8];
                    BinaryPrimitives.WriteUInt64LittleEndian(value, Extremes[random.Next(Extremes.Length)]);
                    for (int i = 0; i < random.Next(1, 9) && at + i < bytes.Count; i++)
                        bytes[at + i] = value[i];
                    break;
                case 3:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 4:
                    bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 64)));
                    break;
                case 5:
                    int length = Math.Min(bytes.Count - at, random.Next(1, 64));
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                default:
                    var noise = new byte[random.Next(1, 16)];
                    random.NextBytes(noise);
                    bytes.InsertRange(at, noise);
                    break;
            }
        }
        return bytes.ToArray();
    }

    private static readonly ulong[] Extremes =
        [0, 1, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000, long.MaxValue, ulong.MaxValue, 4096, 4097, 40, 41];
}
