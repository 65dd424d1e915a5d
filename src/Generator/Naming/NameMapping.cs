namespace Quiver.Generator.Naming;

/// <summary>
/// How schema names become C# and Python names. Arrow column names are always the schema
/// names; only the generated identifiers change.
/// </summary>
public static class NameMapping
{
    /// <summary>
    /// snake_case to PascalCase: each '_'-separated word gets its first character upper-cased
    /// (<c>frame_id</c> → <c>FrameId</c>, <c>pose_2d</c> → <c>Pose2d</c>). Never a C# keyword:
    /// the result starts with a capital letter and all C# keywords are lowercase.
    /// </summary>
    public static string ToPascalCase(string snakeCase)
    {
        var result = new System.Text.StringBuilder(snakeCase.Length);
        var startOfWord = true;
        foreach (var c in snakeCase)
        {
            if (c == '_')
            {
                startOfWord = true;
                continue;
            }
            result.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
        }
        return result.ToString();
    }

    /// <summary>
    /// The C# property of field <paramref name="fieldName"/> in message <paramref name="messageName"/>:
    /// <see cref="ToPascalCase"/>, plus a trailing '_' when that would be the message's own name
    /// (C# forbids a member named like its type) or a member generated code already defines
    /// (<see cref="ReservedMemberNames"/>), as protobuf's C# generator does. A mapped name has no
    /// '_', so an escaped one cannot collide with another field.
    /// </summary>
    public static string ToCSharpPropertyName(string fieldName, string messageName)
    {
        var name = ToPascalCase(fieldName);
        return name == messageName || ReservedMemberNames.IsReservedInCSharp(name) ? name + "_" : name;
    }

    /// <summary>
    /// The Python attribute of a field: <see cref="ToPythonName"/>, plus a trailing '_' when the
    /// name is a method generated message classes define (<see cref="ReservedMemberNames"/>).
    /// </summary>
    public static string ToPythonAttributeName(string fieldName)
    {
        var name = ToPythonName(fieldName);
        return ReservedMemberNames.IsReservedInPython(name) ? name + "_" : name;
    }

    /// <summary>
    /// A schema name as a Python identifier: unchanged, except that a Python keyword gets a
    /// trailing '_' as PEP 8 recommends (<c>class</c> → <c>class_</c>, <c>None</c> → <c>None_</c>).
    /// Schema names never end in '_', so an escaped name cannot collide with another name.
    /// </summary>
    public static string ToPythonName(string name) => PythonKeywords.Contains(name) ? name + "_" : name;

    /// <summary><c>robot.geometry</c> → <c>Robot.Geometry</c>.</summary>
    public static string ToCSharpNamespace(string package) =>
        string.Join(".", package.Split('.').Select(ToPascalCase));

    /// <summary><c>robot.geometry</c> → <c>robot.geometry</c>, each segment escaped like <see cref="ToPythonName"/>.</summary>
    public static string ToPythonModule(string package) =>
        string.Join(".", package.Split('.').Select(ToPythonName));
}
