using Quiver.Generator.Diagnostics;
using Quiver.Generator.Semantics;
using Quiver.Generator.Syntax;
using static Quiver.Generator.Tests.SchemaTestCompiler;

namespace Quiver.Generator.Tests;

/// <summary>
/// One test (at least) per diagnostic id. Expected lines, spans included, are worked out by hand
/// from the schema text: line and column are 1-based, the end column is exclusive.
/// </summary>
public class DiagnosticTests
{
    private const string ExpectedSnakeCase =
        "snake_case: lowercase letters and digits, words joined by single '_', starting with a letter (for example 'frame_id')";

    [Fact]
    public void QVR0001_syntax_error()
    {
        Assert.Equal(
            ["QVR0001 Error schemas/a.quiver(2,15)-(2,22): expected ':' and the field's type, as in 'x: float64;', found 'float64'"],
            Lines("package a;\nmessage M { x float64; }"));
    }

    [Fact]
    public void QVR0001_missing_semicolon_is_reported_where_it_belongs()
    {
        Assert.Equal(
            ["QVR0001 Error schemas/a.quiver(2,21)-(2,21): expected ';', found '}'"],
            Lines("package a;\nmessage M { x: int32 }"));
    }

    [Fact]
    public void QVR0002_unknown_type_suggests_the_closest_name()
    {
        Assert.Equal(
            ["QVR0002 Error schemas/a.quiver(3,16)-(3,19): unknown type 'Pse'; did you mean 'Pose'?"],
            Lines("package a;\nmessage Pose { x: float64; }\nmessage M { p: Pse; }"));
    }

    [Fact]
    public void QVR0002_unknown_type_suggests_built_in_names()
    {
        Assert.Equal(
            ["QVR0002 Error schemas/a.quiver(2,16)-(2,23): unknown type 'flaot32'; did you mean 'float32'?"],
            Lines("package a;\nmessage M { x: flaot32; }"));
    }

    [Fact]
    public void QVR0002_unknown_type_suggests_the_package_of_an_imported_type()
    {
        var compilation = Compile(
            ("schemas/geometry.quiver", "package geometry;\nmessage Pose { x: float64; }"),
            ("schemas/a.quiver", "package a;\nimport \"geometry.quiver\";\nmessage M { p: Pose; }"));

        Assert.Equal(["QVR0002 Error schemas/a.quiver(3,16)-(3,20): unknown type 'Pose'; did you mean 'geometry.Pose'?"], Lines(compilation));
    }

    [Fact]
    public void QVR0002_unknown_type_without_a_close_name_says_what_is_expected()
    {
        Assert.Equal(
            ["QVR0002 Error schemas/a.quiver(2,16)-(2,21): unknown type 'Xyzzy'; expected a built-in type such as int32, float64, string or bytes, or an enum or message declared in this file or an imported file"],
            Lines("package a;\nmessage M { x: Xyzzy; }"));
    }

    [Fact]
    public void QVR0003_unexpected_character()
    {
        Assert.Equal(
            ["QVR0003 Error schemas/a.quiver(1,12)-(1,13): unexpected character '@'; expected a name, a number, a string, a comment or one of ; : , . = - ? { } [ ] < >"],
            Lines("package a; @"));
    }

    [Fact]
    public void QVR0004_unterminated_string()
    {
        Assert.Equal(
            [
                "QVR0004 Error schemas/a.quiver(2,8)-(2,18): unterminated string; expected a closing '\"' on the same line",
                "QVR0012 Error schemas/a.quiver(2,8)-(2,18): import 'b.quiver;' not found; expected the path, relative to this file, of one of the schema files being compiled (looked for 'schemas/b.quiver;')",
                "QVR0001 Error schemas/a.quiver(2,18)-(2,18): expected ';', found end of file",
            ],
            Lines("package a;\nimport \"b.quiver;"));
    }

    [Fact]
    public void QVR0005_unterminated_comment()
    {
        Assert.Equal(
            ["QVR0005 Error schemas/a.quiver(2,1)-(2,3): unterminated comment; expected '*/' before the end of the file"],
            Lines("package a;\n/* open\nmessage M {}"));
    }

    [Fact]
    public void QVR0006_invalid_number()
    {
        Assert.Equal(
            ["QVR0006 Error schemas/a.quiver(2,22)-(2,26): invalid number '12ab'; expected decimal digits, or '0x' followed by hexadecimal digits"],
            Lines("package a;\nenum E : uint8 { A = 12ab; }"));
    }

    [Fact]
    public void QVR0007_number_too_large()
    {
        Assert.Equal(
            ["QVR0007 Error schemas/a.quiver(2,23)-(2,43): number '18446744073709551616' is too large; expected at most 18446744073709551615"],
            Lines("package a;\nenum E : uint64 { A = 18446744073709551616; }"));
    }

    [Fact]
    public void QVR0008_backslash_in_string()
    {
        Assert.Equal(
            [
                "QVR0012 Error schemas/a.quiver(2,8)-(2,22): import 'dir\\b.quiver' not found; expected the path, relative to this file, of one of the schema files being compiled (looked for 'schemas/dir/b.quiver')",
                "QVR0008 Error schemas/a.quiver(2,12)-(2,13): '\\' is not allowed in a string; strings have no escape sequences (write paths with '/')",
            ],
            Lines("package a;\nimport \"dir\\b.quiver\";"));
    }

    [Fact]
    public void QVR0009_type_nested_too_deeply()
    {
        var suffixes = string.Concat(Enumerable.Repeat("[]", 33));

        Assert.Equal(
            ["QVR0009 Error schemas/a.quiver(2,85)-(2,86): type nests more than 32 levels of '[]', '[N]' and '?'; expected at most 32"],
            Lines($"package a;\nmessage M {{ x: int32{suffixes}; }}"));
    }

    [Fact]
    public void QVR0010_missing_package()
    {
        Assert.Equal(
            ["QVR0010 Error schemas/a.quiver(1,1)-(1,1): file has no package declaration; expected 'package name;', for example 'package geometry;'"],
            Lines("message M { }"));
    }

    [Fact]
    public void QVR0011_duplicate_package()
    {
        Assert.Equal(
            ["QVR0011 Error schemas/a.quiver(2,1)-(2,11): duplicate package declaration; a file declares one package and this one already declared 'a' at schemas/a.quiver(1,1)"],
            Lines("package a;\npackage b;"));
    }

    [Fact]
    public void QVR0012_import_not_found()
    {
        Assert.Equal(
            ["QVR0012 Error schemas/a.quiver(2,8)-(2,24): import 'missing.quiver' not found; expected the path, relative to this file, of one of the schema files being compiled (looked for 'schemas/missing.quiver')"],
            Lines("package a;\nimport \"missing.quiver\";"));
    }

    [Fact]
    public void QVR0013_import_cycle()
    {
        var compilation = Compile(
            ("schemas/a.quiver", "package a;\nimport \"b.quiver\";"),
            ("schemas/b.quiver", "package b;\nimport \"a.quiver\";"));

        Assert.Equal(
            ["QVR0013 Error schemas/b.quiver(2,8)-(2,18): import cycle: schemas/a.quiver -> schemas/b.quiver -> schemas/a.quiver; imports must not form a cycle"],
            Lines(compilation));
    }

    [Fact]
    public void QVR0013_a_file_importing_itself_is_a_cycle()
    {
        Assert.Equal(
            ["QVR0013 Error schemas/a.quiver(2,8)-(2,18): import cycle: schemas/a.quiver -> schemas/a.quiver; imports must not form a cycle"],
            Lines("package a;\nimport \"a.quiver\";"));
    }

    [Fact]
    public void QVR0014_duplicate_import_is_a_warning()
    {
        var compilation = Compile(
            ("schemas/a.quiver", "package a;\nimport \"b.quiver\";\nimport \"./b.quiver\";"),
            ("schemas/b.quiver", "package b;"));

        Assert.Equal(
            ["QVR0014 Warning schemas/a.quiver(3,8)-(3,20): './b.quiver' is already imported at schemas/a.quiver(2,8); expected each file to be imported once"],
            Lines(compilation));
        Assert.NotNull(compilation.Model);
    }

    [Fact]
    public void QVR0015_type_not_imported()
    {
        var compilation = Compile(
            ("schemas/geometry.quiver", "package geometry;\nmessage Pose { x: float64; }"),
            ("schemas/sub/v.quiver", "package v;\nmessage M { p: geometry.Pose; }"));

        Assert.Equal(
            ["QVR0015 Error schemas/sub/v.quiver(2,16)-(2,29): type 'geometry.Pose' is declared in 'schemas/geometry.quiver', which this file does not import; expected 'import \"../geometry.quiver\";'"],
            Lines(compilation));
    }

    [Fact]
    public void QVR0020_duplicate_type()
    {
        Assert.Equal(
            ["QVR0020 Error schemas/a.quiver(3,6)-(3,7): type 'a.M' is already declared at schemas/a.quiver(2,9); expected type names to be unique within a package"],
            Lines("package a;\nmessage M { }\nenum M : uint8 { A = 0; }"));
    }

    [Fact]
    public void QVR0020_duplicate_type_across_files_of_one_package()
    {
        var compilation = Compile(
            ("schemas/a.quiver", "package shared;\nmessage M { }"),
            ("schemas/b.quiver", "package shared;\nmessage M { }"));

        Assert.Equal(
            ["QVR0020 Error schemas/b.quiver(2,9)-(2,10): type 'shared.M' is already declared at schemas/a.quiver(2,9); expected type names to be unique within a package"],
            Lines(compilation));
    }

    [Fact]
    public void QVR0021_duplicate_field()
    {
        Assert.Equal(
            ["QVR0021 Error schemas/a.quiver(2,23)-(2,24): field 'x' is already declared in message 'M' at schemas/a.quiver(2,13); expected field names to be unique within a message"],
            Lines("package a;\nmessage M { x: int32; x: int64; }"));
    }

    [Fact]
    public void QVR0022_duplicate_enum_member()
    {
        Assert.Equal(
            ["QVR0022 Error schemas/a.quiver(2,25)-(2,26): member 'A' is already declared in enum 'E' at schemas/a.quiver(2,18); expected member names to be unique within an enum"],
            Lines("package a;\nenum E : uint8 { A = 0; A = 1; }"));
    }

    [Fact]
    public void QVR0023_duplicate_enum_value()
    {
        Assert.Equal(
            ["QVR0023 Error schemas/a.quiver(2,29)-(2,30): member 'B' has the value 0, which member 'A' already has; expected each member to have its own value"],
            Lines("package a;\nenum E : uint8 { A = 0; B = 0; }"));
    }

    [Fact]
    public void QVR0023_values_compare_by_value_not_spelling()
    {
        Assert.Equal(
            ["QVR0023 Error schemas/a.quiver(2,30)-(2,34): member 'B' has the value 0x10, which member 'A' already has; expected each member to have its own value"],
            Lines("package a;\nenum E : uint8 { A = 16; B = 0x10; }"));
    }

    [Fact]
    public void QVR0024_enum_value_out_of_range()
    {
        Assert.Equal(
            [
                "QVR0024 Error schemas/a.quiver(2,21)-(2,25): value -129 of member 'A' does not fit the enum's base type int8; expected -128 to 127",
                "QVR0024 Error schemas/a.quiver(3,22)-(3,24): value -1 of member 'A' does not fit the enum's base type uint8; expected 0 to 255",
            ],
            Lines("package a;\nenum E : int8 { A = -129; B = 127; C = -128; }\nenum F : uint8 { A = -1; B = 255; }"));
    }

    [Fact]
    public void QVR0024_every_base_type_has_its_own_range()
    {
        var compilation = Compile(
            """
            package a;
            enum I16 : int16 { Min = -32768; Max = 32767; }
            enum I32 : int32 { Min = -2147483648; Max = 2147483647; }
            enum I64 : int64 { Min = -9223372036854775808; Max = 9223372036854775807; Over = 9223372036854775808; }
            enum U16 : uint16 { Max = 65535; Over = 65536; }
            enum U32 : uint32 { Max = 4294967295; Over = 4294967296; }
            enum U64 : uint64 { Max = 18446744073709551615; }
            """);

        Assert.Equal(
            [
                "QVR0024 Error schemas/a.quiver(4,82)-(4,101): value 9223372036854775808 of member 'Over' does not fit the enum's base type int64; expected -9223372036854775808 to 9223372036854775807",
                "QVR0024 Error schemas/a.quiver(5,41)-(5,46): value 65536 of member 'Over' does not fit the enum's base type uint16; expected 0 to 65535",
                "QVR0024 Error schemas/a.quiver(6,46)-(6,56): value 4294967296 of member 'Over' does not fit the enum's base type uint32; expected 0 to 4294967295",
            ],
            Lines(compilation));
    }

    [Fact]
    public void QVR0025_invalid_enum_base()
    {
        Assert.Equal(
            [
                "QVR0025 Error schemas/a.quiver(2,10)-(2,17): enum base type 'float32' is not an integer type; expected int8, int16, int32, int64, uint8, uint16, uint32 or uint64",
                "QVR0025 Error schemas/a.quiver(3,10)-(3,16): enum base type 'uint8?' is not an integer type; expected int8, int16, int32, int64, uint8, uint16, uint32 or uint64",
            ],
            Lines("package a;\nenum E : float32 { A = 0; }\nenum F : uint8? { A = 0; }"));
    }

    [Fact]
    public void QVR0026_empty_enum()
    {
        Assert.Equal(
            ["QVR0026 Error schemas/a.quiver(2,6)-(2,7): enum 'E' has no members; expected at least one 'Name = value;'"],
            Lines("package a;\nenum E : uint8 { }"));
    }

    [Fact]
    public void QVR0027_message_containing_itself_through_a_nullable_field()
    {
        Assert.Equal(
            ["QVR0027 Error schemas/a.quiver(2,16)-(2,20): message 'a.Node' contains itself (a.Node.next -> a.Node); Arrow schemas are finite trees, so a message cannot contain itself, not even through a list or a nullable field"],
            Lines("package a;\nmessage Node { next: Node?; }"));
    }

    [Fact]
    public void QVR0027_message_containing_itself_through_a_list_and_another_message()
    {
        Assert.Equal(
            ["QVR0027 Error schemas/a.quiver(3,13)-(3,14): message 'a.A' contains itself (a.A.b -> a.B.a -> a.A); Arrow schemas are finite trees, so a message cannot contain itself, not even through a list or a nullable field"],
            Lines("package a;\nmessage A { b: B[]; }\nmessage B { a: A; }"));
    }

    [Fact]
    public void QVR0030_unknown_time_unit()
    {
        Assert.Equal(
            ["QVR0030 Error schemas/a.quiver(2,26)-(2,29): unknown time unit 'sec'; expected s, ms, us or ns"],
            Lines("package a;\nmessage M { t: timestamp<sec>; }"));
    }

    [Fact]
    public void QVR0031_size_out_of_range()
    {
        Assert.Equal(
            [
                "QVR0031 Error schemas/a.quiver(2,22)-(2,23): size 0 of bytes[N] is out of range; expected 1 to 2147483647",
                "QVR0031 Error schemas/a.quiver(3,24)-(3,34): size 2147483648 of T[N] is out of range; expected 1 to 2147483647",
                "QVR0031 Error schemas/a.quiver(4,21)-(4,23): size -1 of T[N] is out of range; expected 1 to 2147483647",
            ],
            Lines("package a;\nmessage M { b: bytes[0]; }\nmessage N { f: float32[2147483648]; }\nmessage O { i: int8[-1]; }"));
    }

    [Fact]
    public void QVR0032_invalid_time_zone()
    {
        Assert.Equal(
            [
                "QVR0032 Error schemas/a.quiver(2,30)-(2,32): time zone \"\" is not valid; expected an IANA name such as \"UTC\" or \"Europe/Paris\", or an offset such as \"+01:00\" (letters, digits and / _ + - : .)",
                "QVR0032 Error schemas/a.quiver(3,30)-(3,40): time zone \"UTC time\" is not valid; expected an IANA name such as \"UTC\" or \"Europe/Paris\", or an offset such as \"+01:00\" (letters, digits and / _ + - : .)",
            ],
            Lines("package a;\nmessage M { t: timestamp<ns, \"\">; }\nmessage N { t: timestamp<ns, \"UTC time\">; }"));
    }

    [Fact]
    public void QVR0033_invalid_type_arguments()
    {
        Assert.Equal(
            [
                "QVR0033 Error schemas/a.quiver(2,16)-(2,35): invalid type arguments for 'duration'; expected duration<unit>, with unit s, ms, us or ns",
                "QVR0033 Error schemas/a.quiver(3,16)-(3,25): invalid type arguments for 'int32'; expected no type arguments, as in 'int32'",
                "QVR0033 Error schemas/a.quiver(4,16)-(4,25): invalid type arguments for 'timestamp'; expected timestamp<unit> or timestamp<unit, \"time zone\">, with unit s, ms, us or ns",
                "QVR0033 Error schemas/a.quiver(5,16)-(5,30): invalid type arguments for 'duration'; expected duration<unit>, with unit s, ms, us or ns",
            ],
            Lines("package a;\nmessage M { d: duration<ns, \"UTC\">; }\nmessage N { i: int32<ns>; }\nmessage O { t: timestamp; }\nmessage P { d: duration<\"ns\">; }"));
    }

    [Fact]
    public void QVR0034_redundant_nullable()
    {
        Assert.Equal(
            ["QVR0034 Error schemas/a.quiver(2,22)-(2,23): type is already nullable; expected a single '?'"],
            Lines("package a;\nmessage M { x: int32??; }"));
    }

    [Fact]
    public void QVR0033_invalid_arguments_of_decimal_map_and_dict()
    {
        Assert.Equal(
            [
                "QVR0033 Error schemas/a.quiver(2,16)-(2,33): invalid type arguments for 'decimal'; expected decimal<precision, scale>, two integers, as in 'decimal<18, 2>'",
                "QVR0033 Error schemas/a.quiver(3,16)-(3,27): invalid type arguments for 'decimal'; expected decimal<precision, scale>, two integers, as in 'decimal<18, 2>'",
                "QVR0033 Error schemas/a.quiver(4,16)-(4,27): invalid type arguments for 'map'; expected map<key type, value type>, as in 'map<string, float64>'",
                "QVR0033 Error schemas/a.quiver(5,16)-(5,30): invalid type arguments for 'dict'; expected dict<string>: dictionary-encoded strings",
                "QVR0033 Error schemas/a.quiver(6,16)-(6,20): invalid type arguments for 'dict'; expected dict<string>: dictionary-encoded strings",
            ],
            Lines("package a;\nmessage M { d: decimal<int32, 2>; }\nmessage N { d: decimal<10>; }\nmessage O { m: map<string>; }\nmessage P { d: dict<string[]>; }\nmessage Q { d: dict; }"));
    }

    [Fact]
    public void QVR0035_decimal_precision_out_of_range()
    {
        Assert.Equal(
            [
                "QVR0035 Error schemas/a.quiver(2,24)-(2,25): precision 0 of decimal is out of range; expected 1 to 76 digits (decimal128 up to 38, decimal256 beyond)",
                "QVR0035 Error schemas/a.quiver(3,24)-(3,26): precision 77 of decimal is out of range; expected 1 to 76 digits (decimal128 up to 38, decimal256 beyond)",
            ],
            Lines("package a;\nmessage M { d: decimal<0, 0>; }\nmessage N { d: decimal<77, 2>; }\nmessage O { d: decimal<76, 76>; e: decimal<1, 0>; }"));
    }

    [Fact]
    public void QVR0036_decimal_scale_out_of_range()
    {
        Assert.Equal(
            ["QVR0036 Error schemas/a.quiver(2,27)-(2,28): scale 6 of decimal<5, 6> is out of range; expected 0 to the precision, 5"],
            Lines("package a;\nmessage M { d: decimal<5, 6>; }"));
    }

    [Fact]
    public void QVR0037_nullable_map_key()
    {
        Assert.Equal(
            ["QVR0037 Error schemas/a.quiver(2,20)-(2,27): map keys cannot be null; expected 'string' without '?' (Arrow map keys are never null)"],
            Lines("package a;\nmessage M { m: map<string?, int32>; n: map<string, int32?>; }"));
    }

    [Fact]
    public void QVR0038_invalid_map_key()
    {
        Assert.Equal(
            [
                "QVR0038 Error schemas/a.quiver(3,20)-(3,27): 'float64' cannot be a map key; expected bool, an integer type, string or an enum",
                "QVR0038 Error schemas/a.quiver(4,20)-(4,27): 'int32[]' cannot be a map key; expected bool, an integer type, string or an enum",
                "QVR0038 Error schemas/a.quiver(5,20)-(5,21): 'P' cannot be a map key; expected bool, an integer type, string or an enum",
            ],
            Lines("package a;\nenum E : uint8 { A = 0; }\nmessage M { m: map<float64, int32>; }\nmessage N { m: map<int32[], int32>; }\nmessage O { m: map<P, int32>; k: map<E, P>; b: map<bool, dict<string>>; }\nmessage P { }"));
    }

    [Fact]
    public void QVR0040_invalid_names()
    {
        Assert.Equal(
            [
                $"QVR0040 Error schemas/a.quiver(1,9)-(1,15): package name 'My.Pkg' is not valid; expected snake_case words separated by '.', each starting with a lowercase letter (for example 'robot.geometry')",
                $"QVR0040 Error schemas/a.quiver(2,9)-(2,15): message name 'my_msg' is not valid; expected PascalCase: a capital letter, then letters and digits, no '_' (for example 'CameraInfo')",
                $"QVR0040 Error schemas/a.quiver(2,18)-(2,25): field name 'myField' is not valid; expected {ExpectedSnakeCase}",
                $"QVR0040 Error schemas/a.quiver(2,34)-(2,38): field name 'x__y' is not valid; expected {ExpectedSnakeCase}",
                $"QVR0040 Error schemas/a.quiver(3,18)-(3,21): enum member name 'red' is not valid; expected PascalCase: a capital letter, then letters and digits, no '_' (for example 'CameraInfo')",
            ],
            Lines("package My.Pkg;\nmessage my_msg { myField: int32; x__y: int32; }\nenum E : uint8 { red = 0; }"));
    }

    [Fact]
    public void QVR0041_fields_whose_csharp_names_collide()
    {
        Assert.Equal(
            ["QVR0041 Error schemas/a.quiver(2,27)-(2,31): field 'foo1' maps to the C# name 'Foo1', as field 'foo_1' does; expected fields whose C# names differ"],
            Lines("package a;\nmessage M { foo_1: int32; foo1: int32; }"));
    }

    [Fact]
    public void QVR0050_detached_doc_comment_is_a_warning()
    {
        var compilation = Compile("/// Orphan\npackage a;\nmessage M { x: int32; }\n/// Trailing");

        Assert.Equal(
            [
                "QVR0050 Warning schemas/a.quiver(1,1)-(1,11): '///' comment is not attached to a declaration; expected an enum, enum member, message or field right after it (use '//' for a plain comment)",
                "QVR0050 Warning schemas/a.quiver(4,1)-(4,13): '///' comment is not attached to a declaration; expected an enum, enum member, message or field right after it (use '//' for a plain comment)",
            ],
            Lines(compilation));
        Assert.NotNull(compilation.Model);
    }

    [Fact]
    public void QVR9999_a_failure_of_the_parser_becomes_a_diagnostic()
    {
        var parsed = SchemaParser.Parse("schemas/a.quiver", null!);

        var diagnostic = Assert.Single(parsed.Diagnostics);
        Assert.Equal("QVR9999", diagnostic.Id);
        Assert.Equal(SchemaDiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("schemas/a.quiver(1,1)-(1,1)", diagnostic.Span.ToString());
        Assert.StartsWith("internal error in the Quiver schema compiler: System.NullReferenceException: ", diagnostic.Message);
        Assert.EndsWith("; please report it with the schema that caused it", diagnostic.Message);
    }

    [Fact]
    public void QVR9999_a_failure_of_the_checker_becomes_a_diagnostic()
    {
        var compilation = SchemaCompiler.Compile(new ParsedSchemaFile[] { null! });

        var diagnostic = Assert.Single(compilation.Diagnostics);
        Assert.Equal("QVR9999", diagnostic.Id);
        Assert.Null(compilation.Model);
    }

    [Fact]
    public void Every_descriptor_is_tested_here()
    {
        var tested = typeof(DiagnosticTests).GetMethods()
            .Where(m => m.Name.StartsWith("QVR", StringComparison.Ordinal))
            .Select(m => m.Name.Substring(0, 7))
            .ToHashSet();

        Assert.Equal(SchemaDiagnosticDescriptors.All.Select(d => d.Id).Order(), tested.Order());
    }

    [Fact]
    public void Descriptor_ids_are_unique_and_well_formed()
    {
        var ids = SchemaDiagnosticDescriptors.All.Select(d => d.Id).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Matches("^QVR[0-9]{4}$", id));
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }
}
