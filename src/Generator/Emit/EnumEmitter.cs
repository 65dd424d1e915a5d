using System.Globalization;

namespace Quiver.Generator.Emit;

/// <summary>Writes a schema enum as a C# enum over its base integer type.</summary>
internal static class EnumEmitter
{
    public static string Emit(EnumEmitInput input)
    {
        var e = input.Enum;
        var writer = new SourceWriter();
        FileHeader.Write(writer, input.SchemaFileName);
        writer.WriteLine();
        writer.WriteLine($"namespace {input.Package.CSharpNamespace};");
        writer.WriteLine();
        DocComments.Write(writer, e.Doc);
        using (writer.OpenBlock($"public enum {e.CSharpName} : {CSharpTypeNames.Scalar(e.BaseType)}"))
        {
            foreach (var member in e.Members)
            {
                DocComments.Write(writer, member.Doc);
                writer.WriteLine($"{member.CSharpName} = {member.Value.ToString(CultureInfo.InvariantCulture)},");
            }
        }
        return writer.ToString();
    }
}
