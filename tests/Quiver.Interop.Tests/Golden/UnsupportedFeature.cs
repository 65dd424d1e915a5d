namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// An Arrow type (or dictionary encoding) that the integration JSON declares and Quiver does not
/// implement. <see cref="JsonName"/> is the JSON type name (or <c>dictionary</c>);
/// <see cref="QuiverName"/> is the word Quiver's <c>ArrowNotSupportedException</c> must contain.
/// </summary>
internal sealed record UnsupportedFeature(string FieldPath, string JsonName)
{
    public const string Dictionary = "dictionary";

    // The Schema.fbs names of the types, which the IPC reader sees; one table so the reader's
    // wording and the tests' expectations are agreed in a single place.
    private static readonly Dictionary<string, string> QuiverNames = new(StringComparer.Ordinal)
    {
        [Dictionary] = "Dictionary",
        ["union"] = "Union",
        ["map"] = "Map",
        ["decimal"] = "Decimal",
        ["decimal32"] = "Decimal",
        ["decimal64"] = "Decimal",
        ["decimal256"] = "Decimal",
        ["interval"] = "Interval",
        ["binaryview"] = "BinaryView",
        ["utf8view"] = "Utf8View",
        ["listview"] = "ListView",
        ["largelistview"] = "LargeListView",
        ["runendencoded"] = "RunEndEncoded",
    };

    public static bool IsKnown(string jsonName) => QuiverNames.ContainsKey(jsonName);

    public string QuiverName => QuiverNames[JsonName];

    public override string ToString() => $"{JsonName} at {FieldPath}";
}
