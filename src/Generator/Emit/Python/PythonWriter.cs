using System.Text;

namespace Quiver.Generator.Emit.Python;

/// <summary>
/// Builds generated Python text with an indentation level. A multi-line string (a raw string
/// literal) is re-indented line by line; blank lines stay empty, so the output has no trailing
/// whitespace.
/// </summary>
internal sealed class PythonWriter
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

    /// <summary>Writes <paramref name="header"/> (a line ending in ':'); what is written until the result is disposed is its body.</summary>
    public Block OpenBlock(string header)
    {
        WriteLine(header);
        _indent++;
        return new Block(this);
    }

    public override string ToString() => _text.ToString();

    public readonly struct Block(PythonWriter writer) : IDisposable
    {
        public void Dispose() => writer._indent--;
    }
}
