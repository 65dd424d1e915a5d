using System.Numerics;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Tests;

public class ParserTests
{
    private static SchemaFileSyntax ParseClean(string text)
    {
        var parsed = SchemaParser.Parse("f.quiver", text);
        Assert.Empty(parsed.Diagnostics);
        return parsed.Syntax;
    }

    private static T Single<T>(SchemaFileSyntax file) => Assert.IsType<T>(Assert.Single(file.Declarations));

    [Fact]
    public void Reads_package_imports_and_declarations_in_order()
    {
        var file = ParseClean("package robot.geometry;\nimport \"a.quiver\";\nimport \"../b.quiver\";\nenum E : uint8 { A = 0; }\nmessage M { }\n;");

        Assert.Equal("robot.geometry", Assert.Single(file.Packages).Name.Text);
        Assert.Equal(["a.quiver", "../b.quiver"], file.Imports.Select(i => i.Path));
        Assert.Equal("f.quiver(2,8)-(2,18)", file.Imports[0].PathSpan.ToString());
        Assert.Equal(["E", "M"], file.Declarations.Select(d => d.Name.Text));
    }

    [Fact]
    public void Reads_enum_members_with_signed_and_hexadecimal_values()
    {
        var enumSyntax = Single<EnumSyntax>(ParseClean("enum E : int16 { Low = -1; Mid = 0; High = 0x7FFF; }"));

        Assert.Equal("int16", Assert.IsType<NamedTypeSyntax>(enumSyntax.BaseType).Name.Text);
        Assert.Equal(["Low", "Mid", "High"], enumSyntax.Members.Select(m => m.Name.Text));
        Assert.Equal([new BigInteger(-1), BigInteger.Zero, new BigInteger(32767)], enumSyntax.Members.Select(m => m.Value!.Value!.Value));
        Assert.Equal(["-1", "0", "0x7FFF"], enumSyntax.Members.Select(m => m.Value!.Text));
    }

    [Fact]
    public void Type_suffixes_nest_left_to_right()
    {
        var message = Single<MessageSyntax>(ParseClean("message M { m: float32[3][]?; }"));

        var nullable = Assert.IsType<NullableTypeSyntax>(message.Fields[0].Type);
        var list = Assert.IsType<ArrayTypeSyntax>(nullable.Inner);
        Assert.Null(list.Size);
        var fixedList = Assert.IsType<ArrayTypeSyntax>(list.Element);
        Assert.Equal(3, (int)fixedList.Size!.Value!.Value);
        Assert.Equal("float32", Assert.IsType<NamedTypeSyntax>(fixedList.Element).Name.Text);
        Assert.Equal("f.quiver(1,16)-(1,29)", nullable.Span.ToString());
    }

    [Fact]
    public void Reads_qualified_names_and_type_arguments()
    {
        var message = Single<MessageSyntax>(ParseClean("message M { p: geo.core.Pose; t: timestamp<ns, \"Europe/Paris\">; }"));

        var pose = Assert.IsType<NamedTypeSyntax>(message.Fields[0].Type);
        Assert.Equal(["geo", "core", "Pose"], pose.Name.Parts.Select(p => p.Text));
        var timestamp = Assert.IsType<NamedTypeSyntax>(message.Fields[1].Type);
        Assert.Equal([("ns", false), ("Europe/Paris", true)], timestamp.Arguments.Select(a => (a.Text, a.IsString)));
    }

    [Fact]
    public void Type_arguments_may_be_types_with_suffixes_and_nested_arguments_or_integers()
    {
        var message = Single<MessageSyntax>(ParseClean("message M { m: map<string, map<int32, float64?[]>>; d: decimal<18, 0x2>; c: dict<string>?; }"));

        var map = Assert.IsType<NamedTypeSyntax>(message.Fields[0].Type);
        Assert.Equal(["string", "map<int32, float64?[]>"], map.Arguments.Select(a => a.Text));
        var inner = Assert.IsType<NamedTypeSyntax>(map.Arguments[1].Type);
        Assert.IsType<ArrayTypeSyntax>(Assert.IsType<NamedTypeSyntax>(inner).Arguments[1].Type);
        Assert.Equal("f.quiver(1,28)-(1,50)", map.Arguments[1].Span.ToString());
        var decimalType = Assert.IsType<NamedTypeSyntax>(message.Fields[1].Type);
        Assert.Equal([new BigInteger(18), new BigInteger(2)], decimalType.Arguments.Select(a => a.IntegerValue!.Value));
        Assert.All(decimalType.Arguments, a => Assert.True(a.IsInteger));
        var dictionary = Assert.IsType<NamedTypeSyntax>(Assert.IsType<NullableTypeSyntax>(message.Fields[2].Type).Inner);
        Assert.Equal("string", Assert.Single(dictionary.Arguments).Text);
    }

    [Fact]
    public void Keywords_are_only_keywords_where_a_declaration_starts()
    {
        var message = Single<MessageSyntax>(ParseClean("message M { message: string; package: string; enum: int32; import: bytes; }"));

        Assert.Equal(["message", "package", "enum", "import"], message.Fields.Select(f => f.Name.Text));
    }

    [Fact]
    public void Doc_comments_attach_to_enums_members_messages_and_fields()
    {
        var file = ParseClean("/// The enum.\nenum E : uint8 {\n  /// The member.\n  A = 0;\n}\n/// The message.\n/// Two lines.\nmessage M {\n  /// The field.\n  x: int32;\n  y: int32;\n}");

        var enumSyntax = (EnumSyntax)file.Declarations[0];
        var message = (MessageSyntax)file.Declarations[1];
        Assert.Equal("The enum.", enumSyntax.Doc);
        Assert.Equal("The member.", enumSyntax.Members[0].Doc);
        Assert.Equal("The message.\nTwo lines.", message.Doc);
        Assert.Equal("The field.", message.Fields[0].Doc);
        Assert.Null(message.Fields[1].Doc);
    }

    [Fact]
    public void Declaration_spans_run_from_the_keyword_to_the_closing_brace()
    {
        var message = Single<MessageSyntax>(ParseClean("message M {\n  x: int32;\n}"));

        Assert.Equal("f.quiver(1,1)-(3,2)", message.Span.ToString());
        Assert.Equal("f.quiver(1,9)-(1,10)", message.Name.Span.ToString());
        Assert.Equal("f.quiver(2,3)-(2,12)", message.Fields[0].Span.ToString());
    }
}
