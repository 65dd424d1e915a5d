using Quiver.Generator.Model;

namespace Quiver.Generator.Emit;

/// <summary>
/// Names of the accessors derived from a field (<c>HasPose</c>, <c>FrameIdUtf8</c>,
/// <c>StampAsDateTimeOffset</c>, <c>LatencyRaw</c>). A derived name equal to a field's property
/// gets a trailing '_', which no field property has unless escaped, so the two never collide.
/// </summary>
internal sealed class DerivedNames(MessageModel message)
{
    private readonly HashSet<string> _properties = new(message.Fields.Select(f => f.CSharpName), StringComparer.Ordinal);

    public string Has(FieldModel field) => Unique("Has" + field.CSharpName);

    public string Utf8(FieldModel field) => Unique(field.CSharpName + "Utf8");

    public string AsDateTimeOffset(FieldModel field) => Unique(field.CSharpName + "AsDateTimeOffset");

    public string Raw(FieldModel field) => Unique(field.CSharpName + "Raw");

    private string Unique(string name) => _properties.Contains(name) || name == message.CSharpName ? name + "_" : name;
}
