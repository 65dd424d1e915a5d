namespace Quiver.Generator.Naming;

/// <summary>
/// Python's hard keywords (3.12, <c>keyword.kwlist</c>). Soft keywords such as <c>match</c>,
/// <c>case</c> and <c>type</c> are valid identifiers and need no escaping.
/// </summary>
internal static class PythonKeywords
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
        "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in",
        "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
    };

    public static bool Contains(string name) => Keywords.Contains(name);
}
