using Quiver.Generator.Canonical;
using Quiver.Generator.Model;
using Quiver.Generator.Naming;
using Quiver.Generator.Syntax;

namespace Quiver.Generator.Semantics;

/// <summary>Builds the <see cref="SchemaModel"/> of an error-free set: every type resolved, no cycles.</summary>
internal sealed class ModelBuilder
{
    private readonly Dictionary<QualifiedName, IReadOnlyList<FieldModel>> _fields = [];
    private readonly Dictionary<QualifiedName, string> _canonical = [];

    private ModelBuilder(IEnumerable<CheckedMessage> messages)
    {
        foreach (var message in messages)
            _fields.Add(message.Declared.Name, message.Fields.Select(f => BuildField(f.Field, f.Type!, message.Declared.Name.Name)).ToList());
    }

    public static SchemaModel Build(IReadOnlyList<BoundFile> files, IReadOnlyList<CheckedMessage> messages)
    {
        var builder = new ModelBuilder(messages);
        var byDeclaration = messages.ToDictionary(m => m.Declared);
        return new SchemaModel(files.Select(f => builder.BuildFile(f, byDeclaration)).ToImmutableEquatableArray());
    }

    private SchemaFileModel BuildFile(BoundFile file, Dictionary<DeclaredType, CheckedMessage> messages)
    {
        var package = new PackageModel(file.Package, NameMapping.ToCSharpNamespace(file.Package), NameMapping.ToPythonModule(file.Package));
        var enums = file.Types.Where(t => t.Syntax is EnumSyntax).Select(BuildEnum);
        var messageModels = file.Types.Where(t => t.Syntax is MessageSyntax).Select(t => BuildMessage(messages[t]));
        return new SchemaFileModel(
            file.DisplayPath,
            package,
            file.Imports.Select(i => i.Target.DisplayPath).ToImmutableEquatableArray(),
            enums.ToImmutableEquatableArray(),
            messageModels.ToImmutableEquatableArray());
    }

    private static EnumModel BuildEnum(DeclaredType declared)
    {
        var syntax = (EnumSyntax)declared.Syntax;
        var members = syntax.Members.Select(m => new EnumMemberModel(
            m.Name.Text,
            m.Name.Text,
            NameMapping.ToPythonName(m.Name.Text),
            m.Value!.Value!.Value,
            m.Doc));
        return new EnumModel(
            declared.Name,
            declared.Name.Name,
            NameMapping.ToPythonName(declared.Name.Name),
            declared.EnumBase!.Value,
            members.ToImmutableEquatableArray(),
            syntax.Doc);
    }

    private MessageModel BuildMessage(CheckedMessage message)
    {
        var name = message.Declared.Name;
        var canonical = Canonical(name);
        return new MessageModel(
            name,
            name.Name,
            NameMapping.ToPythonName(name.Name),
            _fields[name].ToImmutableEquatableArray(),
            message.Syntax.Doc,
            canonical,
            SchemaFingerprint.Compute(canonical));
    }

    private string Canonical(QualifiedName name)
    {
        if (!_canonical.TryGetValue(name, out var text))
        {
            text = CanonicalSchemaWriter.Write(_fields[name], nested => _fields[nested]);
            _canonical.Add(name, text);
        }
        return text;
    }

    private static FieldModel BuildField(FieldSyntax field, TypeModel type, string messageName) => new(
        field.Name.Text,
        NameMapping.ToCSharpPropertyName(field.Name.Text, messageName),
        NameMapping.ToPythonAttributeName(field.Name.Text),
        type,
        field.Doc);
}
