using System.Text;

namespace Quiver.Generator.Emit;

/// <summary>
/// Builds generated source text (C# or Python) with an indentation level. A multi-line string
/// (a raw string literal) is re-indented line by line, so emitters can write readable blocks of
/// code; blank lines stay empty, so the output has no trailing whitespace.
/// </summary>
internal sealed class SourceWriter
{
    private const string IndentUnit = "    ";
    private readonly StringBuilder _text = new();
    private readonly bool _braces;
    private int _indent;

    /// <param name="braces">Whether a block is delimited by <c>{ }</c> (C#) or by indentation alone (Python).</param>
    public SourceWriter(bool braces = true) => _braces = braces;

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

    /// <summary>
    /// Writes <paramref name="header"/> (and <c>{</c> in C#); what is written until the result is
    /// disposed is the block's body, and disposing writes the matching <c>}</c> in C#.
    /// </summary>
    public Block OpenBlock(string header)
    {
        WriteLine(header);
        if (_braces)
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
            if (writer._braces)
                writer.WriteLine("}");
        }
    }
}
