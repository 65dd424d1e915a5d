namespace Quiver.Generator.Emit;

/// <summary>Turns <c>///</c> schema comments into XML documentation comments.</summary>
internal static class DocComments
{
    public static void Write(SourceWriter writer, string? doc)
    {
        if (doc is null)
            return;
        writer.WriteLine("/// <summary>");
        foreach (var line in doc.Split('\n'))
            writer.WriteLine(line.Length == 0 ? "///" : "/// " + Escape(line));
        writer.WriteLine("/// </summary>");
    }

    /// <summary>A one-line summary that generated text supplies (e.g. for derived accessors).</summary>
    public static void WriteSummary(SourceWriter writer, string text) => writer.WriteLine("/// <summary>" + text + "</summary>");

    public static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
