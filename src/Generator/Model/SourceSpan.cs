using System.Globalization;

namespace Quiver.Generator.Model;

/// <summary>
/// A range of a schema file: character offsets (for Roslyn's <c>TextSpan</c>) and 1-based
/// line/column positions (for people). The end is exclusive: it is the position just after the
/// last character. Columns count UTF-16 code units, a tab counts as one.
/// </summary>
public sealed record SourceSpan(
    string FilePath,
    int StartOffset,
    int EndOffset,
    int StartLine,
    int StartColumn,
    int EndLine,
    int EndColumn)
{
    /// <summary>The empty span at the start of a file, for problems that concern a whole file.</summary>
    public static SourceSpan StartOfFile(string filePath) => new(filePath, 0, 0, 1, 1, 1, 1);

    /// <summary>Where the span starts, as <c>path(line,column)</c>: for messages that point at an earlier declaration.</summary>
    public string StartText() =>
        string.Format(CultureInfo.InvariantCulture, "{0}({1},{2})", FilePath, StartLine, StartColumn);

    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0}({1},{2})-({3},{4})",
        FilePath,
        StartLine,
        StartColumn,
        EndLine,
        EndColumn);
}
