using Quiver.Arrow;
using Quiver.Arrow.Types;
using Quiver.Interop.ApacheArrow;

namespace Quiver.Messages.Tests.Interop;

/// <summary>The names a batch from elsewhere may choose: a map's entries, key and value are conventions, their types are not.</summary>
public sealed class SchemaMatchTests
{
    private static Schema Attributes(MapType map) => new([new Field("attributes", map, nullable: false)]);

    [Fact]
    public void A_maps_entries_key_and_value_may_have_other_names_but_not_other_types()
    {
        var expected = Attributes(new MapType(Utf8Type.Default, IntType.Int32));
        var renamed = Attributes(new MapType(new Field("key_value", new StructType([new Field("k", Utf8Type.Default, nullable: false), new Field("v", IntType.Int32)]), nullable: false)));
        var otherValue = Attributes(new MapType(new Field("key_value", new StructType([new Field("k", Utf8Type.Default, nullable: false), new Field("v", IntType.Int64)]), nullable: false)));

        SchemaMatch.Require(expected, "m.M", renamed, "batch");
        var e = Assert.Throws<ArgumentException>(() => SchemaMatch.Require(expected, "m.M", otherValue, "batch"));

        Assert.StartsWith("The batch does not match m.M: field 'attributes.entries.value' is int64 in the batch, int32 in the schema.", e.Message);
    }

    [Fact]
    public void A_struct_inside_a_map_keeps_its_member_names()
    {
        var member = new StructType([new Field("amount", IntType.Int32)]);
        var expected = Attributes(new MapType(Utf8Type.Default, member));
        var renamed = Attributes(new MapType(Utf8Type.Default, new StructType([new Field("total", IntType.Int32)])));

        var e = Assert.Throws<ArgumentException>(() => SchemaMatch.Require(expected, "m.M", renamed, "batch"));

        Assert.StartsWith("The batch does not match m.M: field 'attributes.entries.value.amount' is named 'total' in the batch.", e.Message);
    }
}
