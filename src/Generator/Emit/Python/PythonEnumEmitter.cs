using System.Globalization;
using Quiver.Generator.Model;

namespace Quiver.Generator.Emit.Python;

/// <summary>Writes a schema enum as an <c>enum.IntEnum</c>; member docs become attribute docstrings.</summary>
internal static class PythonEnumEmitter
{
    public static void Write(SourceWriter writer, EnumModel e)
    {
        using (writer.OpenBlock($"class {e.PythonName}(_enum.IntEnum):"))
        {
            writer.WriteLine(PythonLiterals.Docstring(e.Doc ?? $"The enum ``{e.Name}``."));
            writer.WriteLine();
            foreach (var member in e.Members)
            {
                writer.WriteLine($"{member.PythonName} = {member.Value.ToString(CultureInfo.InvariantCulture)}");
                if (member.Doc is not null)
                    writer.WriteLine(PythonLiterals.Docstring(member.Doc));
            }
        }
    }
}
