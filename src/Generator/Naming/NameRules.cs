namespace Quiver.Generator.Naming;

/// <summary>
/// The spelling rules for names in schemas. They are strict on purpose: with them every C# name
/// is a PascalCase word that no (all lowercase) C# keyword can equal, and field names map to
/// C# without ambiguity except for digits after '_' (see <see cref="NameMapping"/>).
/// </summary>
public static class NameRules
{
    public const string SnakeCaseExpectation =
        "snake_case: lowercase letters and digits, words joined by single '_', starting with a letter (for example 'frame_id')";

    public const string PascalCaseExpectation =
        "PascalCase: a capital letter, then letters and digits, no '_' (for example 'CameraInfo')";

    public const string PackageExpectation =
        "snake_case words separated by '.', each starting with a lowercase letter (for example 'robot.geometry')";

    /// <summary><c>[a-z][a-z0-9]*(_[a-z0-9]+)*</c>.</summary>
    public static bool IsSnakeCase(string name)
    {
        if (name.Length == 0 || name[0] is < 'a' or > 'z' || name[name.Length - 1] == '_')
            return false;
        for (var i = 1; i < name.Length; i++)
        {
            var c = name[i];
            if (c == '_' ? name[i - 1] == '_' : !IsLowerOrDigit(c))
                return false;
        }
        return true;
    }

    /// <summary><c>[A-Z][A-Za-z0-9]*</c>.</summary>
    public static bool IsPascalCase(string name)
    {
        if (name.Length == 0 || name[0] is < 'A' or > 'Z')
            return false;
        foreach (var c in name)
        {
            if (!(IsLowerOrDigit(c) || c is >= 'A' and <= 'Z'))
                return false;
        }
        return true;
    }

    /// <summary>Dot-separated <see cref="IsSnakeCase"/> segments.</summary>
    public static bool IsPackageName(string name) => name.Split('.').All(IsSnakeCase);

    private static bool IsLowerOrDigit(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9');
}
