using System.Text;

namespace Quiver.Generator.Emit;

/// <summary>
/// Builds generated C# text with an indentation level. A multi-line string (a raw string
/// literal) is re-indented line by line, so emitters can write readable blocks of code.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();
    private int _indent;

    public void WriteLine() => _text.Append('\n');

    public void WriteLine(string text)
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Length == 0)
            {
                _text.Append('\n');
                continue;
            }
            for (var i = 0; i < _indent; i++)
                _text.Append(IndentUnit);
            _text.Append(line).Append('\n');
        }
    }

    /// <summary>Writes <paramref name="header"/> and <c>{</c>; disposing the result writes the matching <c>}</c>.</summary>
    public Block OpenBlock(string header)
    {
        WriteLine(header);
        WriteLine("{");
        _indent++;
        return new Block(this);
    }

    public override string ToString() => _text.ToString();

    public readonly struct Block(SourceWriter writer) : IDisposable
    {
        public void Dispose()
        {
            writer._indent--;
            writer.WriteLine("}");
        }
    }
}
