using Quiver.Generator.Canonical;
using Quiver.Generator.Model;
using static Quiver.Generator.Tests.SchemaTestCompiler;

namespace Quiver.Generator.Tests;

/// <summary>
/// The canonical texts below were written by hand from docs/schema-language.md §7, and the
/// fingerprints computed outside this code with <c>printf '%s' '&lt;text&gt;' | sha256sum | cut -c1-16</c>.
/// </summary>
public class FingerprintTests
{
    private static MessageModel Message(string text, string name, params (string Path, string Text)[] others)
    {
        var compilation = Compile([(DefaultPath, text), .. others]);
        Assert.Empty(compilation.Diagnostics);
        return compilation.Model!.Files.SelectMany(f => f.Messages).Single(m => m.Name.Name == name);
    }

    public static TheoryData<string, string, string, string> Pinned => new()
    {
        {
            "package geometry;\nmessage Vector3 { x: float64; y: float64; z: float64; }",
            "Vector3",
            "struct<x: float64 not null, y: float64 not null, z: float64 not null>",
            "b3702ab59d34224c"
        },
        {
            "package tensor;\nenum DType : uint8 { Float32 = 0; }\nmessage Tensor { data: float32[]; shape: int64[]; dtype: DType; }",
            "Tensor",
            "struct<data: list<item: float32 not null> not null, shape: list<item: int64 not null> not null, dtype: uint8 not null {quiver.enum=tensor.DType}>",
            "0a795db3d521193b"
        },
        {
            "package demo;\nmessage Vector3 { x: float64; y: float64; z: float64; }\nmessage M { p: Vector3?; t: timestamp<ns, \"UTC\">?; v: int32?[3]; }",
            "M",
            "struct<p: struct<x: float64 not null, y: float64 not null, z: float64 not null>, t: timestamp[ns, tz=UTC], v: fixed_size_list<item: int32>[3] not null>",
            "7d0807d3a4949a90"
        },
        {
            "package demo;\nmessage M { price: decimal<18, 2>; tags: map<string, int32?>; label: dict<string>?; }",
            "M",
            "struct<price: decimal128(18, 2) not null, tags: map<entries: struct<key: utf8 not null, value: int32> not null> not null, label: dictionary<values=utf8, indices=int32>>",
            "902d3456891e0462"
        },
        {
            "package demo;\nmessage M { wide: decimal<39, 0>?; }",
            "M",
            "struct<wide: decimal256(39, 0)>",
            "5602aede5febc9fc"
        },
        {
            "package demo;\nenum Level : int16 { Low = -1; High = 1; }\n" +
            "message N { d: bytes[4]?; l: Level[]; s: timestamp<ms>; e: duration<s>; m: string?[]?; b: bool; f: float16; u: uint64; blob: bytes; lv: Level?; }",
            "N",
            "struct<d: fixed_size_binary[4], l: list<item: int16 not null {quiver.enum=demo.Level}> not null, s: timestamp[ms] not null, e: duration[s] not null, m: list<item: utf8>, b: bool not null, f: float16 not null, u: uint64 not null, blob: binary not null, lv: int16 {quiver.enum=demo.Level}>",
            "08784f6ba8cbdb9e"
        },
        {
            "package empty;\nmessage Trigger { }",
            "Trigger",
            "struct<>",
            "63a9642aef81cff9"
        },
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void Canonical_form_and_fingerprint_match_the_documented_definition(string schema, string message, string canonical, string fingerprint)
    {
        var model = Message(schema, message);

        Assert.Equal(canonical, model.CanonicalSchema);
        Assert.Equal(fingerprint, model.Fingerprint);
        Assert.Equal(fingerprint, SchemaFingerprint.Compute(canonical));
    }

    [Fact]
    public void Nested_messages_from_imported_files_are_spelled_out()
    {
        var geometry = File.ReadAllText(Path.Combine(RepositoryPaths.SchemasDirectory, "geometry.quiver"));

        var pose = Message(geometry, "Pose");

        Assert.Equal(
            "struct<position: struct<x: float64 not null, y: float64 not null, z: float64 not null> not null, orientation: struct<x: float64 not null, y: float64 not null, z: float64 not null, w: float64 not null> not null>",
            pose.CanonicalSchema);
        Assert.Equal("2ae7a20a6143b3e0", pose.Fingerprint);
    }

    [Fact]
    public void The_examples_in_the_docs_are_the_pinned_ones()
    {
        var docs = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "docs", "schema-language.md"));

        foreach (var row in Pinned.Take(3))
        {
            Assert.Contains("\n" + (string)row[2] + "\n", docs);
            Assert.Contains($"fingerprint `{row[3]}`", docs);
        }
    }

    private const string Baseline = "package p;\nenum E : uint8 { A = 0; }\nmessage M { a: int32; b: string; c: E; }";

    [Theory]
    [InlineData("field renamed", "message M { a: int32; bb: string; c: E; }")]
    [InlineData("field type changed", "message M { a: int64; b: string; c: E; }")]
    [InlineData("field made nullable", "message M { a: int32?; b: string; c: E; }")]
    [InlineData("fields reordered", "message M { b: string; a: int32; c: E; }")]
    [InlineData("field added", "message M { a: int32; b: string; c: E; d: bool; }")]
    [InlineData("field removed", "message M { a: int32; b: string; }")]
    [InlineData("enum renamed", "message M { a: int32; b: string; c: F; }\nenum F : uint8 { A = 0; }")]
    [InlineData("enum base changed", "message M { a: int32; b: string; c: G; }\nenum G : uint16 { A = 0; }")]
    public void Every_change_to_the_Arrow_schema_changes_the_fingerprint(string change, string replacement)
    {
        var edited = Baseline.Replace("message M { a: int32; b: string; c: E; }", replacement);

        Assert.NotEqual(Message(Baseline, "M").Fingerprint, Message(edited, "M").Fingerprint);
        Assert.NotEmpty(change);
    }

    [Theory]
    [InlineData("list item made nullable", "x: int32[];", "x: int32?[];")]
    [InlineData("list made nullable", "x: int32[];", "x: int32[]?;")]
    [InlineData("list became fixed-size", "x: int32[];", "x: int32[2];")]
    [InlineData("fixed size changed", "x: int32[2];", "x: int32[3];")]
    [InlineData("binary width changed", "x: bytes[2];", "x: bytes[3];")]
    [InlineData("time unit changed", "x: timestamp<ns>;", "x: timestamp<us>;")]
    [InlineData("time zone added", "x: timestamp<ns>;", "x: timestamp<ns, \"UTC\">;")]
    [InlineData("duration unit changed", "x: duration<ns>;", "x: duration<ms>;")]
    public void Nested_levels_count_too(string change, string before, string after)
    {
        Assert.NotEqual(
            Message($"package p;\nmessage M {{ {before} }}", "M").Fingerprint,
            Message($"package p;\nmessage M {{ {after} }}", "M").Fingerprint);
        Assert.NotEmpty(change);
    }

    [Theory]
    [InlineData("message renamed", "message M {", "message Renamed {")]
    [InlineData("package renamed", "package p;", "package q;")]
    [InlineData("doc comment added", "message M {", "/// Documented.\nmessage M {")]
    [InlineData("formatting and comments", "a: int32;", "a :  int32 ; /* the count */")]
    [InlineData("enum member added", "A = 0;", "A = 0; B = 1;")]
    public void Names_docs_and_formatting_do_not_change_the_fingerprint(string change, string before, string after)
    {
        var edited = Message(Baseline.Replace(before, after), after.Contains("Renamed") ? "Renamed" : "M");

        if (change == "package renamed")
            Assert.Equal(Message(Baseline, "M").CanonicalSchema.Replace("p.E", "q.E"), edited.CanonicalSchema);
        else
            Assert.Equal(Message(Baseline, "M").Fingerprint, edited.Fingerprint);
    }
}
