using static Quiver.Generator.Tests.SchemaTestCompiler;

namespace Quiver.Generator.Tests;

public class ErrorRecoveryTests
{
    [Fact]
    public void A_file_with_three_independent_errors_reports_three()
    {
        var lines = Lines(
            """
            package a;
            message M {
              x float64;
              y: Strin;
              z: int32;
            }
            enum E : uint8 { A = 0; B = 0; }
            """);

        Assert.Equal(
            [
                "QVR0001 Error schemas/a.quiver(3,5)-(3,12): expected ':' and the field's type, as in 'x: float64;', found 'float64'",
                "QVR0002 Error schemas/a.quiver(4,6)-(4,11): unknown type 'Strin'; did you mean 'string'?",
                "QVR0023 Error schemas/a.quiver(7,29)-(7,30): member 'B' has the value 0, which member 'A' already has; expected each member to have its own value",
            ],
            lines);
    }

    [Fact]
    public void A_missing_closing_brace_does_not_swallow_the_next_declaration()
    {
        var lines = Lines(
            """
            package a;
            message A {
              x: int32;
            message B {
              y: Int32;
            }
            """);

        Assert.Equal(
            [
                "QVR0001 Error schemas/a.quiver(4,1)-(4,8): expected '}', found 'message'",
                "QVR0002 Error schemas/a.quiver(5,6)-(5,11): unknown type 'Int32'; did you mean 'int32'?",
            ],
            lines);
    }

    [Fact]
    public void A_misspelt_keyword_skips_its_whole_block()
    {
        var lines = Lines(
            """
            package a;
            mesage A { x: int32; y: int32; }
            message B { a: A; }
            """);

        Assert.Equal(
            [
                "QVR0001 Error schemas/a.quiver(2,1)-(2,7): expected 'package', 'import', 'enum' or 'message', found 'mesage'",
                "QVR0002 Error schemas/a.quiver(3,16)-(3,17): unknown type 'A'; expected a built-in type such as int32, float64, string or bytes, or an enum or message declared in this file or an imported file",
            ],
            lines);
    }

    [Fact]
    public void Missing_semicolons_between_fields_are_each_reported_once()
    {
        var lines = Lines("package a;\nmessage M {\n  x: int32\n  y: int32\n  z: int32;\n}");

        Assert.Equal(
            [
                "QVR0001 Error schemas/a.quiver(3,11)-(3,11): expected ';', found 'y'",
                "QVR0001 Error schemas/a.quiver(4,11)-(4,11): expected ';', found 'z'",
            ],
            lines);
    }

    [Fact]
    public void Errors_in_several_files_are_all_reported_sorted_by_file()
    {
        var compilation = Compile(
            ("schemas/b.quiver", "package b;\nmessage M { x: Nope; }"),
            ("schemas/a.quiver", "package a;\nmessage M { x: int32 }"));

        Assert.Equal(["QVR0001", "QVR0002"], compilation.Diagnostics.Select(d => d.Id));
        Assert.Equal(["schemas/a.quiver", "schemas/b.quiver"], compilation.Diagnostics.Select(d => d.Span.FilePath));
        Assert.Null(compilation.Model);
    }

    [Fact]
    public void Garbage_never_throws_and_always_reports()
    {
        string[] inputs =
        [
            "", "}", "{", "{{{{", "message", "message {", "enum E", "enum E :", "enum E : uint8 {", "message M { x: ",
            "message M { x: int32[", "message M { x: int32[3", "message M { x: timestamp<", "message M { x: timestamp<ns,",
            "package", "package a.", "import", "import \"", "/*", "///", "message M { x: a. }", "enum E : uint8 { A = - }",
        ];
        foreach (var input in inputs)
        {
            var compilation = Compile(input);
            Assert.True(compilation.HasErrors, $"no error for '{input}'");
            Assert.DoesNotContain(compilation.Diagnostics, d => d.Id == "QVR9999");
        }
    }
}
