using Quiver.Generator.Model;

namespace Quiver.Generator.Syntax;

/// <summary>
/// Turns character offsets of one file into <see cref="SourceSpan"/>s. A line ends at "\n",
/// "\r\n" or a lone "\r", as in Roslyn, so positions agree with the IDE.
/// </summary>
internal sealed class LineMap
{
    private readonly string _path;
    private readonly List<int> _lineStarts = [0];

    public LineMap(string path, string text)
    {
        _path = path;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                i++;
            if (c is '\r' or '\n')
                _lineStarts.Add(i + 1);
        }
    }

    public SourceSpan Span(int start, int end)
    {
        var (startLine, startColumn) = Position(start);
        var (endLine, endColumn) = Position(end);
        return new SourceSpan(_path, start, end, startLine, startColumn, endLine, endColumn);
    }

    private (int Line, int Column) Position(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }
}
