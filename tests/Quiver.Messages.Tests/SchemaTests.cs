using Quiver.Arrow;
using Quiver.Arrow.Types;

namespace Quiver.Messages.Tests;

public class SchemaTests
{
    private static string Fingerprint<T>() where T : IMessage<T> => T.Fingerprint;

    private static string TypeName<T>() where T : IMessage<T> => T.MessageTypeName;

    [Fact]
    public void Fingerprints_are_those_of_the_documented_examples()
    {
        // docs/schema-language.md §7 lists these, computed from the canonical text.
        Assert.Equal("b3702ab59d34224c", Geometry.Vector3.Fingerprint);
        Assert.Equal("0a795db3d521193b", Tensor.Tensor.Fingerprint);
        Assert.Equal("0a795db3d521193b", Fingerprint<Tensor.Tensor>());
    }

    [Fact]
    public void The_schema_carries_the_message_name_and_fingerprint()
    {
        var metadata = Vision.Image.Schema.Metadata;

        Assert.True(metadata.TryGetValue("quiver.message", out var name));
        Assert.Equal("vision.Image", name);
        Assert.True(metadata.TryGetValue("quiver.fingerprint", out var fingerprint));
        Assert.Equal(Vision.Image.Fingerprint, fingerprint);
        Assert.Equal("vision.Image", TypeName<Vision.Image>());
    }

    [Fact]
    public void The_schema_has_the_arrow_types_of_the_type_table()
    {
        var fields = Vision.Image.Schema.Fields;

        Assert.Equal(["width", "height", "step", "encoding", "stamp", "frame_id", "data", "labels", "pose"], fields.Select(f => f.Name));
        Assert.Equal(new Field("width", IntType.UInt32, nullable: false), fields[0]);
        Assert.Equal(new Field("encoding", IntType.UInt8, nullable: false, KeyValueMetadata.From(("quiver.enum", "vision.Encoding"))), fields[3]);
        Assert.Equal(new TimestampType(TimeUnit.Nanosecond, "UTC"), fields[4].Type);
        Assert.Equal(Utf8Type.Default, fields[5].Type);
        Assert.Equal(BinaryType.Default, fields[6].Type);
        Assert.Equal(new ListType(new Field("item", Utf8Type.Default, nullable: false)), fields[7].Type);
        Assert.True(fields[8].Nullable);
        var pose = Assert.IsType<StructType>(fields[8].Type);
        Assert.Equal(["position", "orientation"], pose.Fields.Select(f => f.Name));
        Assert.Equal(new FixedSizeListType(new Field("item", FloatingPointType.Float64, nullable: false), 9), Vision.CameraInfo.Schema.Fields[6].Type);
    }

    [Fact]
    public void A_batch_of_another_message_is_refused_with_both_names()
    {
        using var vectors = new Geometry.Vector3.Value { X = 1 }.ToBatch();

        var error = Assert.Throws<ArrowFormatException>(() => new MessageBatch<Geometry.Quaternion>(vectors.RecordBatch));

        Assert.Equal("The record batch (of geometry.Vector3) has 3 columns; message geometry.Quaternion has 4.", error.Message);
    }

    [Fact]
    public void Enums_are_csharp_enums_over_their_base_type()
    {
        Assert.Equal(typeof(short), Enum.GetUnderlyingType(typeof(AllTypes.Level)));
        Assert.Equal(-1, (short)AllTypes.Level.Low);
        Assert.Equal(4, (byte)Vision.Encoding.BayerRggb8);
    }
}
