using Quiver.Arrow;
using Quiver.Cli.Evolution;
using Quiver.Generator.Semantics;
using Quiver.Tests;

namespace Quiver.Cli.Tests;

/// <summary>
/// The Arrow schema <c>quiver info --schema</c> builds from compiled .quiver files is, for every
/// message of the repository's schemas, the one its generated C# type carries (and announces in
/// its handshake): the two are built by different code from the same model.
/// </summary>
public class MessageArrowSchemaTests
{
    public static TheoryData<string> Messages()
    {
        var data = new TheoryData<string>();
        foreach (var message in Compile().Files.SelectMany(file => file.Messages))
            data.Add(message.Name.ToString());
        return data;
    }

    private static Generator.Model.SchemaModel Compile()
    {
        var paths = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "schemas"), "*.quiver")
            .Concat(Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "tests/Quiver.Messages.Tests/schemas"), "*.quiver"));
        var compilation = SchemaCompiler.Compile(paths.Select(path => (path, File.ReadAllText(path))));
        Assert.False(compilation.HasErrors);
        return compilation.Model!;
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Is_the_schema_of_the_generated_type(string name)
    {
        var model = Compile();
        var file = model.Files.Single(f => f.Messages.Any(m => m.Name.ToString() == name));
        var message = file.Messages.Single(m => m.Name.ToString() == name);
        var generated = typeof(MessageArrowSchemaTests).Assembly.GetType($"{file.Package.CSharpNamespace}.{message.CSharpName}")
            ?? throw new InvalidOperationException($"No generated type for {name}.");
        var expected = (Schema)generated.GetProperty("Schema")!.GetValue(null)!;

        Assert.Equal(expected, MessageArrowSchema.Of(model, message));
    }
}
