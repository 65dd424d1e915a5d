using System.Buffers.Binary;
using System.Diagnostics;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;

namespace Quiver.Transport.Bench;

/// <summary>
/// The evolved side of <see cref="EvolutionBenchmark"/>: a later version of vision.Image
/// (tests/Quiver.Messages.Tests/evolution/evolved.quiver: reordered, a nullable field added, the
/// pose evolved) published under the name vision.Image, written in place as <see cref="TypedImages"/>
/// writes the identical one, so a vision.Image subscriber reads it through a column map.
/// </summary>
internal static class EvolvedImages
{
    private static readonly Dictionary<int, RecordBatchLayout> Layouts = new();
    private static Evolved.Image.Writer? _writer;

    public static Publisher<Evolved.Image> Publish(string topic, PublisherOptions options) =>
        new(Publisher.Create(topic,
            new TopicContract("vision.Image", Topic.ParseFingerprint(Evolved.Image.Fingerprint), IpcMessageWriter.WriteSchema(Evolved.Image.Schema)),
            options));

    public static ulong Send(Publisher<Evolved.Image> publisher, int dataLength)
    {
        if (!Layouts.TryGetValue(dataLength, out var layout))
            Layouts[dataLength] = layout = new RecordBatchSizes(Evolved.Image.Schema, 1).DeclareValueBytes("data", dataLength).Plan();
        using var loan = publisher.Loan(layout);
        var writer = _writer ??= new Evolved.Image.Writer(loan.Layout, loan.Body);
        writer.Reset(loan.Layout, loan.Body);
        writer.FrameId.Append("");
        writer.Width.Append((uint)dataLength);
        writer.ExposureUs.Append(250);
        writer.Height.Append(1);
        writer.Step.Append((uint)dataLength);
        writer.Encoding.Append((byte)Vision.Encoding.Mono8);
        writer.Stamp.Append(0);
        var data = writer.Data.AppendInPlace(dataLength);
        writer.Labels.Append(0);
        writer.Pose.AppendNull();
        BinaryPrimitives.WriteInt64LittleEndian(data, Stopwatch.GetTimestamp());
        return publisher.Send(loan, writer.Finish());
    }
}
