using Quiver.Generator.Model;

namespace Quiver.Generator.Emit;

/// <summary>
/// What the emitter needs for one message: the message, its package, and every message it
/// contains (directly or not), whose shapes decide node numbering. Equatable, so an edit to an
/// unrelated type leaves it equal and Roslyn reuses the generated file.
/// </summary>
internal sealed record MessageEmitInput(
    string SchemaFileName,
    PackageModel Package,
    MessageModel Message,
    ImmutableEquatableArray<MessageModel> Contained)
{
    public string HintName => Message.Name.Package + "." + Message.Name.Name + ".g.cs";
}

/// <summary>What the emitter needs for one enum.</summary>
internal sealed record EnumEmitInput(string SchemaFileName, PackageModel Package, EnumModel Enum)
{
    public string HintName => Enum.Name.Package + "." + Enum.Name.Name + ".g.cs";
}

internal static class EmitInputs
{
    public static IEnumerable<EnumEmitInput> Enums(SchemaModel? model) =>
        model is null
            ? []
            : model.Files.SelectMany(file => file.Enums.Select(e => new EnumEmitInput(FileName(file.Path), file.Package, e)));

    public static IEnumerable<MessageEmitInput> Messages(SchemaModel? model)
    {
        if (model is null)
            yield break;
        foreach (var file in model.Files)
        {
            foreach (var message in file.Messages)
                yield return new MessageEmitInput(FileName(file.Path), file.Package, message, Contained(model, message).ToImmutableEquatableArray());
        }
    }

    /// <summary>The file's name without its folder, so generated text does not depend on where the project is.</summary>
    private static string FileName(string path) => path.Substring(path.LastIndexOfAny(['/', '\\']) + 1);

    private static IEnumerable<MessageModel> Contained(SchemaModel model, MessageModel message)
    {
        var found = new Dictionary<QualifiedName, MessageModel>();
        var pending = new Stack<MessageModel>();
        pending.Push(message);
        while (pending.Count > 0)
        {
            foreach (var field in pending.Pop().Fields)
            {
                if (ContainedMessage(field.Type) is { } name && !found.ContainsKey(name) && model.FindMessage(name) is { } nested)
                {
                    found.Add(name, nested);
                    pending.Push(nested);
                }
            }
        }
        return found.Values.OrderBy(m => m.Name.ToString(), StringComparer.Ordinal);
    }

    private static QualifiedName? ContainedMessage(TypeModel type) => type switch
    {
        MessageTypeModel m => m.Message,
        ListTypeModel l => ContainedMessage(l.Item),
        FixedSizeListTypeModel f => ContainedMessage(f.Item),
        MapTypeModel map => ContainedMessage(map.Value),
        _ => null,
    };
}
