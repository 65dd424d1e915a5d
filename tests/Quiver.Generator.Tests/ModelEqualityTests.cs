using System.Numerics;
using System.Reflection;
using Quiver.Generator.Diagnostics;
using Quiver.Generator.Model;
using Quiver.Generator.Semantics;
using Quiver.Generator.Syntax;
using static Quiver.Generator.Tests.SchemaTestCompiler;

namespace Quiver.Generator.Tests;

public class ModelEqualityTests
{
    private const string Geometry = "package geometry;\n/// A point.\nmessage Vector3 { x: float64; y: float64; z: float64; }\n";

    private const string Vision =
        "package vision;\nimport \"geometry.quiver\";\nenum Encoding : uint8 { Rgb8 = 0; Mono8 = 1; }\n" +
        "message Image { encoding: Encoding; data: bytes; points: geometry.Vector3[]; stamp: timestamp<ns, \"UTC\">?; }\n";

    private static SchemaCompilation CompileBoth(string geometry, string vision) =>
        Compile(("schemas/geometry.quiver", geometry), ("schemas/vision.quiver", vision));

    [Fact]
    public void Parsing_the_same_text_twice_gives_equal_results()
    {
        var first = SchemaParser.Parse("schemas/vision.quiver", Vision);
        var second = SchemaParser.Parse("schemas/vision.quiver", Vision);

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Fact]
    public void Compiling_the_same_files_twice_gives_equal_models()
    {
        var first = CompileBoth(Geometry, Vision);
        var second = CompileBoth(Geometry, Vision);

        Assert.NotNull(first.Model);
        Assert.Equal(first, second);
        Assert.Equal(first.Model, second.Model);
        Assert.Equal(first.Model.GetHashCode(), second.Model!.GetHashCode());
    }

    [Fact]
    public void Moving_text_around_leaves_the_model_equal_but_not_the_syntax()
    {
        var moved = "// A comment that shifts every line.\n\n" + Vision.Replace("; ", ";\n    ");

        Assert.Equal(CompileBoth(Geometry, Vision).Model, CompileBoth(Geometry, moved).Model);
        Assert.NotEqual(SchemaParser.Parse("schemas/vision.quiver", Vision), SchemaParser.Parse("schemas/vision.quiver", moved));
    }

    [Fact]
    public void Any_meaningful_edit_changes_the_model()
    {
        var original = CompileBoth(Geometry, Vision).Model;

        string[] edits =
        [
            Vision.Replace("Mono8 = 1", "Mono8 = 2"),
            Vision.Replace("data: bytes", "data: bytes?"),
            Vision.Replace("points:", "corners:"),
            Vision.Replace("\"UTC\"", "\"Europe/Paris\""),
            Vision.Replace("message Image {", "/// Documented.\nmessage Image {"),
        ];
        foreach (var edit in edits)
            Assert.NotEqual(original, CompileBoth(Geometry, edit).Model);
        Assert.NotEqual(original, CompileBoth(Geometry.Replace("A point.", "A vector."), Vision).Model);
    }

    [Fact]
    public void Equatable_arrays_compare_by_elements()
    {
        var a = ImmutableEquatableArray.Create("x", "y");
        var b = new[] { "x", "y" }.ToImmutableEquatableArray();

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, ImmutableEquatableArray.Create("y", "x"));
        Assert.NotEqual(a, ImmutableEquatableArray.Create("x"));
        Assert.Equal(ImmutableEquatableArray<string>.Empty, new string[0].ToImmutableEquatableArray());
    }

    /// <summary>
    /// Walks every type reachable from the outputs of the front end (including every subtype of
    /// an abstract record) and checks that each compares by value and none is a Roslyn type,
    /// so Roslyn's incremental caching can compare them.
    /// </summary>
    [Fact]
    public void The_model_holds_only_value_equatable_types_and_nothing_from_Roslyn()
    {
        var visited = new HashSet<Type>();
        var pending = new Stack<Type>([typeof(SchemaCompilation), typeof(ParsedSchemaFile), typeof(SchemaModel), typeof(Emit.MessageEmitInput), typeof(Emit.EnumEmitInput)]);
        var assembly = typeof(SchemaModel).Assembly;
        while (pending.Count > 0)
        {
            var type = pending.Pop();
            if (!visited.Add(type))
                continue;
            Assert.False(type.Namespace?.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal) ?? false, $"{type} is a Roslyn type");
            if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(BigInteger))
                continue;
            if (Nullable.GetUnderlyingType(type) is { } underlying)
            {
                pending.Push(underlying);
                continue;
            }
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableEquatableArray<>))
            {
                pending.Push(type.GetGenericArguments()[0]);
                continue;
            }
            Assert.True(IsRecord(type), $"{type} is neither a record, a primitive, a string, an enum nor an ImmutableEquatableArray");
            if (type.IsAbstract)
            {
                foreach (var subtype in assembly.GetTypes().Where(t => t.IsSubclassOf(type)))
                    pending.Push(subtype);
            }
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
                pending.Push(field.FieldType);
        }
        Assert.Contains(typeof(ListTypeModel), visited);
        Assert.Contains(typeof(SchemaDiagnostic), visited);
        Assert.Contains(typeof(FieldSyntax), visited);
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;
}
