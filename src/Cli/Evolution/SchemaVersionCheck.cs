using Quiver.Arrow;
using Quiver.Cli.Output;
using Quiver.Generator.Model;
using Quiver.Generator.Semantics;
using Quiver.Messages;

namespace Quiver.Cli.Evolution;

/// <summary>
/// <c>quiver info --schema</c>: a topic's schema judged against a message compiled from .quiver
/// files, as a subscriber built from those files would judge it in its handshake
/// (docs/schema-language.md, "Schema evolution"): the same type name is required, then
/// <see cref="SchemaEvolution.Compare(Schema, Schema)"/> gives the verdict.
/// </summary>
internal sealed record SchemaVersionCheck(string MessageType, Schema Schema, string SchemaText, SchemaComparison? Comparison, string? NameMismatch)
{
    public string Verdict => NameMismatch is not null ? "refused" : Comparison!.Verdict.ToString().ToLowerInvariant();

    /// <summary>One line: the verdict and why (refused) or what differs (compatible).</summary>
    public string Summary => NameMismatch ?? Comparison!.ToString();

    /// <summary>
    /// Compiles <paramref name="schemaPaths"/> and compares the message named <paramref name="messageType"/>
    /// (the topic's own type when null) with <paramref name="topicSchema"/>; throws <see cref="CommandFailure"/>
    /// for files that do not compile or a message they do not declare.
    /// </summary>
    public static SchemaVersionCheck Run(IReadOnlyList<string> schemaPaths, string? messageType, string topicMessageType, Schema topicSchema, TextWriter errors)
    {
        if (!SchemaFiles.Find(schemaPaths, out var paths, out var problem))
            throw new CommandFailure(ExitCodes.UsageError, problem!);
        var compilation = SchemaCompiler.Compile(paths.Select(path => (path, File.ReadAllText(path))));
        foreach (var diagnostic in compilation.Diagnostics)
            errors.WriteLine(GenCommand.Format(diagnostic));
        if (compilation.HasErrors || compilation.Model is not { } model)
            throw new CommandFailure(ExitCodes.SchemaErrors, "the schemas given with --schema do not compile (see above).");
        var name = messageType ?? topicMessageType;
        var message = model.Files.SelectMany(file => file.Messages).FirstOrDefault(m => m.Name.ToString() == name)
            ?? throw new CommandFailure(ExitCodes.UsageError,
                $"the schemas given with --schema declare no message '{name}'; they declare {string.Join(", ", model.Files.SelectMany(file => file.Messages).Select(m => m.Name.ToString()))}. Name one with --type.");
        var schema = MessageArrowSchema.Of(model, message);
        var text = Output.SchemaText.Write(name, schema);
        // The handshake compares schemas only between versions of one type: another name is refused as a different type.
        return name == topicMessageType
            ? new SchemaVersionCheck(name, schema, text, SchemaEvolution.Compare(topicSchema, schema), null)
            : new SchemaVersionCheck(name, schema, text, null,
                $"refused: the topic carries '{topicMessageType}', not '{name}'; a renamed message type is a different type");
    }
}
