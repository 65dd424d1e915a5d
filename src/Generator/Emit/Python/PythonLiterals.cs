using System.Text;

namespace Quiver.Generator.Emit.Python;

/// <summary>Python string literals and docstrings for text that comes from schemas.</summary>
internal static class PythonLiterals
{
    /// <summary>A double-quoted literal. Schema names, units and time zones are ASCII without quotes; doc text may hold anything.</summary>
    public static string String(string text)
    {
        var result = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\': result.Append("\\\\"); break;
                case '"': result.Append("\\\""); break;
                case '\n': result.Append("\\n"); break;
                case '\r': result.Append("\\r"); break;
                case '\t': result.Append("\\t"); break;
                default:
                    if (c < ' ' || c == '\u007f')
                        result.Append("\\x").Append(((int)c).ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    else
                        result.Append(c);
                    break;
            }
        }
        return result.Append('"').ToString();
    }

    /// <summary>
    /// A triple-quoted docstring. Backslashes and quotes are escaped so that no doc comment can
    /// end the string early or form an escape sequence; a one-line doc stays on one line.
    /// </summary>
    public static string Docstring(string doc)
    {
        var body = doc.Replace("\\", "\\\\").Replace("\"", "\\\"");
        return body.Contains("\n") ? "\"\"\"" + body + "\n\"\"\"" : "\"\"\"" + body + "\"\"\"";
    }
}
