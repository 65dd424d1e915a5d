using Quiver.Arrow;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Builders;
using Quiver.Arrow.Ipc;
using Quiver.Arrow.Types;

namespace Quiver.Messages.Tests;

/// <summary>
/// <see cref="SchemaEvolution.Compare(Schema, Schema)"/>, rule by rule (docs/schema-language.md,
/// "Schema evolution"), and fuzzed with mutated schemas and schema messages.
/// </summary>
public sealed class SchemaEvolutionTests
{
    private static Field Int(string name, bool nullable = false) => new(name, IntType.Int32, nullable);

    private static Field Struct(string name, bool nullable, params Field[] fields) => new(name, new StructType(fields), nullable);

    private static Field Enum(string name, string enumName) =>
        new(name, IntType.UInt8, nullable: false, KeyValueMetadata.From(("quiver.enum", enumName)));

    private static SchemaComparison Compare(Field[] publisher, Field[] subscriber) =>
        SchemaEvolution.Compare(new Schema(publisher), new Schema(subscriber));

    public static TheoryData<string, Field[], Field[], string> Refusals => new()
    {
        { "type change", [Int("a")], [new Field("a", IntType.Int64, false)],
            "field 'a' is int32 in the publisher's schema but int64 in the subscriber's; a field's type cannot change" },
        { "non-null to nullable", [Int("a")], [Int("a", nullable: true)],
            "field 'a' is not null in the publisher's schema but nullable in the subscriber's; nullability cannot change" },
        { "nullable to non-null", [Int("a", nullable: true)], [Int("a")],
            "field 'a' is nullable in the publisher's schema but not null in the subscriber's; nullability cannot change" },
        { "non-null field added", [Int("a")], [Int("a"), Int("b")],
            "field 'b' (int32, not null) is only in the subscriber's schema; only nullable fields may be added or removed" },
        { "non-null field removed", [Int("a"), Int("b")], [Int("a")],
            "field 'b' (int32, not null) is only in the publisher's schema; only nullable fields may be added or removed" },
        { "field renamed", [Int("before")], [Int("after")],
            "field 'after' (int32, not null) is only in the subscriber's schema; only nullable fields may be added or removed" },
        { "enum renamed", [Enum("mode", "a.Mode")], [Enum("mode", "a.Kind")],
            "field 'mode' is uint8 {quiver.enum=a.Mode} in the publisher's schema but uint8 {quiver.enum=a.Kind} in the subscriber's; a field's type cannot change" },
        { "nested type change", [Struct("p", false, Int("x"))], [Struct("p", false, new Field("x", IntType.Int16, false))],
            "field 'p.x' is int32 in the publisher's schema but int16 in the subscriber's; a field's type cannot change" },
        { "nested non-null added in a list", [new Field("l", new ListType(Struct("item", false, Int("x"))), false)],
            [new Field("l", new ListType(Struct("item", false, Int("x"), Int("y"))), false)],
            "field 'l.item.y' (int32, not null) is only in the subscriber's schema; only nullable fields may be added or removed" },
        { "fixed-size list resized", [new Field("v", new FixedSizeListType(Int("item"), 3), false)], [new Field("v", new FixedSizeListType(Int("item"), 4), false)],
            "field 'v' is fixed_size_list<item: int32 not null>[3] in the publisher's schema but fixed_size_list<item: int32 not null>[4] in the subscriber's; a field's type cannot change" },
        { "map value changed", [new Field("m", new MapType(new Utf8Type(), IntType.Int32), false)], [new Field("m", new MapType(new Utf8Type(), IntType.Int64), false)],
            "field 'm.value' is int32 in the publisher's schema but int64 in the subscriber's; a field's type cannot change" },
        { "struct to list", [Struct("p", false, Int("x"))], [new Field("p", new ListType(Int("item")), false)],
            "field 'p' is struct<x: int32 not null> in the publisher's schema but list<item: int32 not null> in the subscriber's; a field's type cannot change" },
        { "duplicate field", [Int("a"), Int("a", nullable: true)], [Int("a")],
            "the publisher's schema has two fields named 'a'" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refused_changes_name_the_first_offending_field_and_why_in_either_direction(string change, Field[] publisher, Field[] subscriber, string reason)
    {
        var comparison = Compare(publisher, subscriber);
        Assert.True(comparison.Verdict == SchemaVerdict.Refused, change);
        Assert.Equal(reason, comparison.Reason);
        Assert.Null(comparison.Map);
        Assert.Equal(SchemaVerdict.Refused, Compare(subscriber, publisher).Verdict);
    }

    public static TheoryData<string, Field[], Field[], string[]> Compatible => new()
    {
        { "nullable field added", [Int("a")], [Int("a"), Int("b", nullable: true)], ["field 'b' is only in the subscriber's schema: it reads as null"] },
        { "nullable field removed", [Int("a"), Int("b", nullable: true)], [Int("a")], ["field 'b' is only in the publisher's schema: it is skipped"] },
        { "reordered", [Int("a"), Int("b")], [Int("b"), Int("a")], ["the fields of the message are in another order"] },
        { "nullable field renamed in place", [Int("a"), Int("b", nullable: true)], [Int("a"), Int("c", nullable: true)],
            ["field 'c' is only in the subscriber's schema: it reads as null", "field 'b' is only in the publisher's schema: it is skipped"] },
        { "nested nullable added", [Struct("p", true, Int("x"))], [Struct("p", true, Int("x"), Int("y", nullable: true))],
            ["field 'p.y' is only in the subscriber's schema: it reads as null"] },
        { "nullable added in a list of structs", [new Field("l", new ListType(Struct("item", false, Int("x"))), false)],
            [new Field("l", new ListType(Struct("item", false, Int("z", nullable: true), Int("x"))), false)],
            ["field 'l.item.z' is only in the subscriber's schema: it reads as null"] },
    };

    [Theory]
    [MemberData(nameof(Compatible))]
    public void Compatible_changes_say_what_differs_and_are_compatible_both_ways(string change, Field[] publisher, Field[] subscriber, string[] differences)
    {
        var comparison = Compare(publisher, subscriber);
        Assert.True(comparison.Verdict == SchemaVerdict.Compatible, $"{change}: {comparison}");
        Assert.Equal(differences, comparison.Differences);
        Assert.NotNull(comparison.Map);
        Assert.Equal(SchemaVerdict.Compatible, Compare(subscriber, publisher).Verdict);
    }

    [Fact]
    public void A_field_the_publisher_lacks_reads_as_null_also_where_the_publisher_has_another_column()
    {
        // A nullable field renamed in place: same column count, same position, another name.
        var publisher = new Schema([Int("a"), Int("b", nullable: true)]);
        var subscriber = new Schema([Int("a"), Int("c", nullable: true)]);
        var writer = RecordBatchWriter.Allocate(new RecordBatchSizes(publisher, 1).Plan());
        writer.Column(0).As<PrimitiveColumnBuilder<int>>().Append(1);
        writer.Column(1).As<PrimitiveColumnBuilder<int>>().Append(2);
        var batch = writer.Finish().Batch;

        var columns = MessageColumns.Of(batch, SchemaEvolution.Compare(publisher, subscriber).Map);
        Assert.Equal(1, columns.Get<PrimitiveArray<int>>(0, columns.Generation).Get(0));
        Assert.Null(columns.Get<PrimitiveArray<int>>(1, columns.Generation).Get(0));
    }

    [Fact]
    public void Schema_metadata_does_not_count_and_unreadable_schema_messages_are_refusals()
    {
        var plain = new Schema([Int("a")]);
        var described = new Schema([Int("a")], KeyValueMetadata.From(("quiver.fingerprint", "0000000000000001")));
        Assert.Equal(SchemaVerdict.Identical, SchemaEvolution.Compare(plain, described).Verdict);

        var refused = SchemaEvolution.Compare(ReadOnlyMemory<byte>.Empty, IpcMessageWriter.WriteSchema(plain));
        Assert.Equal("the publisher's hello carries no schema to compare", refused.Reason);
        refused = SchemaEvolution.Compare(IpcMessageWriter.WriteSchema(plain), new byte[] { 1, 2, 3 });
        Assert.StartsWith("the subscriber's schema cannot be read (", refused.Reason);
    }

    private static readonly Schema[] Seeds = [Vision.Image.Schema, AllTypes.AllTypes.Schema, Ledger.Entry.Schema, Geometry.Transform.Schema];

    [Fact]
    public void Mutated_schema_messages_get_a_verdict_never_an_exception()
    {
        var random = new Random(1313);
        for (var round = 0; round < 4000; round++)
        {
            var seed = Seeds[round % Seeds.Length];
            var message = IpcMessageWriter.WriteSchema(seed);
            int flips = 1 + random.Next(8);
            for (var i = 0; i < flips; i++)
                message[random.Next(message.Length)] = (byte)random.Next(256);
            if (random.Next(8) == 0)
                message = message[..random.Next(message.Length)];

            var comparison = SchemaEvolution.Compare(message, IpcMessageWriter.WriteSchema(seed));
            Assert.True(comparison.Verdict != SchemaVerdict.Refused || !string.IsNullOrEmpty(comparison.Reason), $"round {round}: a refusal without a reason");
            Assert.True(comparison.Verdict != SchemaVerdict.Compatible || comparison.Map is not null, $"round {round}: compatible without a map");
        }
    }

    [Fact]
    public void Mutated_schemas_get_the_same_verdict_whichever_side_publishes()
    {
        var random = new Random(2626);
        for (var round = 0; round < 2000; round++)
        {
            var seed = Seeds[round % Seeds.Length];
            var mutated = new Schema(Mutate(seed.Fields, random, depth: 0));
            var forward = SchemaEvolution.Compare(mutated, seed);
            var backward = SchemaEvolution.Compare(seed, mutated);
            Assert.True(forward.Verdict == backward.Verdict, $"round {round}: {forward} but the other way {backward}");
            if (forward.Verdict == SchemaVerdict.Refused)
                Assert.Matches("^(field '|the (publisher|subscriber)'s schema has two fields named ')", forward.Reason);
        }
    }

    /// <summary>The fields with one random change a schema author might make, at any depth.</summary>
    private static Field[] Mutate(IReadOnlyList<Field> fields, Random random, int depth)
    {
        var result = fields.ToList();
        int at = result.Count == 0 ? 0 : random.Next(result.Count);
        switch (random.Next(8))
        {
            case 0:
                result.Insert(at, new Field($"added{depth}", IntType.Int16, nullable: random.Next(2) == 0));
                break;
            case 1 when result.Count > 0:
                result.RemoveAt(at);
                break;
            case 2 when result.Count > 1:
                (result[0], result[^1]) = (result[^1], result[0]);
                break;
            case 3 when result.Count > 0:
                result[at] = new Field(result[at].Name, result[at].Type, !result[at].Nullable, result[at].Metadata);
                break;
            case 4 when result.Count > 0:
                result[at] = new Field(result[at].Name, IntType.UInt64, result[at].Nullable);
                break;
            case 5 when result.Count > 0:
                result[at] = new Field(result[at].Name + "_renamed", result[at].Type, result[at].Nullable, result[at].Metadata);
                break;
            case 6 when result.Count > 0 && result[at].Type is StructType nested:
                result[at] = new Field(result[at].Name, new StructType(Mutate(nested.Fields, random, depth + 1)), result[at].Nullable);
                break;
            case 7 when result.Count > 0 && result[at].Type is ListType { ValueField.Type: StructType item } list:
                var itemField = new Field(list.ValueField.Name, new StructType(Mutate(item.Fields, random, depth + 1)), list.ValueField.Nullable);
                result[at] = new Field(result[at].Name, new ListType(itemField), result[at].Nullable);
                break;
        }
        return result.ToArray();
    }
}
