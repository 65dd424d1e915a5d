using System.Numerics;

namespace Quiver.Generator.Model;

/// <summary>
/// The resolved, error-free schema set handed to the emitters. It holds no source positions, so
/// edits that only move text leave it equal and the emitters' cached output is reused.
/// Files are sorted by path (ordinal); declarations keep their source order.
/// </summary>
public sealed record SchemaModel(ImmutableEquatableArray<SchemaFileModel> Files)
{
    public MessageModel? FindMessage(QualifiedName name) =>
        Files.SelectMany(f => f.Messages).FirstOrDefault(m => m.Name.Equals(name));

    public EnumModel? FindEnum(QualifiedName name) =>
        Files.SelectMany(f => f.Enums).FirstOrDefault(e => e.Name.Equals(name));
}

/// <summary>One schema file. <paramref name="Imports"/> are the paths of the imported files, as they appear in <see cref="SchemaModel.Files"/>.</summary>
public sealed record SchemaFileModel(
    string Path,
    PackageModel Package,
    ImmutableEquatableArray<string> Imports,
    ImmutableEquatableArray<EnumModel> Enums,
    ImmutableEquatableArray<MessageModel> Messages);

/// <summary>A package name and what it becomes: a C# namespace (<c>robot.geometry</c> → <c>Robot.Geometry</c>) and a Python module path.</summary>
public sealed record PackageModel(string Name, string CSharpNamespace, string PythonModule);

/// <summary>An enum. <paramref name="BaseType"/> is one of the integer kinds.</summary>
public sealed record EnumModel(
    QualifiedName Name,
    string CSharpName,
    string PythonName,
    PrimitiveKind BaseType,
    ImmutableEquatableArray<EnumMemberModel> Members,
    string? Doc);

public sealed record EnumMemberModel(string Name, string CSharpName, string PythonName, BigInteger Value, string? Doc);

/// <summary>
/// A message. <paramref name="CanonicalSchema"/> is its canonical Arrow schema text and
/// <paramref name="Fingerprint"/> the first 8 bytes of that text's SHA-256 as 16 lowercase hex
/// digits (docs/schema-language.md, "Canonical form and fingerprint").
/// </summary>
public sealed record MessageModel(
    QualifiedName Name,
    string CSharpName,
    string PythonName,
    ImmutableEquatableArray<FieldModel> Fields,
    string? Doc,
    string CanonicalSchema,
    string Fingerprint);

/// <summary>A field: its schema name (also its Arrow column name), its C# property and Python attribute names, and its type.</summary>
public sealed record FieldModel(string Name, string CSharpName, string PythonName, TypeModel Type, string? Doc);
