namespace Quiver.Generator.Naming;

/// <summary>
/// Member names that generated message types define themselves; a field mapping to one of them
/// gets a trailing '_' (<see cref="NameMapping.ToCSharpPropertyName"/>, <see cref="NameMapping.ToPythonAttributeName"/>).
/// C#: the members every class inherits from <see cref="object"/> (a property would hide them,
/// a warning that is an error in Quiver builds), the members of the nested <c>Value</c> record,
/// and the generated members of docs/csharp.md. Python: the generated methods of message classes,
/// <c>self</c> and <c>property</c>.
/// The emitters must keep this list in step with what they generate.
/// </summary>
public static class ReservedMemberNames
{
    private static readonly HashSet<string> CSharp = new(StringComparer.Ordinal)
    {
        "Equals", "GetHashCode", "GetType", "ToString", "MemberwiseClone", "Finalize", "ReferenceEquals",
        "Deconstruct", "EqualityContract", "PrintMembers",
        "Value", "ToValue", "Schema", "Fingerprint", "Dispose", "Writer",
    };

    private static readonly HashSet<string> Python = new(StringComparer.Ordinal)
    {
        "to_arrow", "from_arrow",
        // The constructor's first parameter, and the decorator every generated property uses:
        // a field named like either would break the class body.
        "self", "property",
    };

    public static bool IsReservedInCSharp(string memberName) => CSharp.Contains(memberName);

    public static bool IsReservedInPython(string memberName) => Python.Contains(memberName);
}
