namespace Quiver.Interop.Tests.Golden;

/// <summary>
/// An Arrow type (or dictionary encoding) that the integration JSON declares and Quiver does not
/// implement. <see cref="JsonName"/> is the JSON type name (or <c>dictionary</c>);
/// <see cref="IsNamedIn"/> says whether a refusal message names it.
/// </summary>
internal sealed record UnsupportedFeature(string FieldPath, string JsonName)
{
    /// <summary>A dictionary-encoded field inside another dictionary's values (Quiver reads one level of dictionaries).</summary>
    public const string Dictionary = "dictionary";

    // The one place that says how a refusal may name each feature: by its Schema.fbs name or by
    // the name Arrow C++ prints (sparse_union, decimal128(3, 2), month_interval, string_view...),
    // matched case-insensitively as a whole word so that "map" is not found inside "bitmap".
    private static readonly Dictionary<string, string[]> Spellings = new(StringComparer.Ordinal)
    {
        [Dictionary] = ["Dictionary"],
        ["union"] = ["Union"],
        ["decimal"] = ["Decimal"],
        ["decimal32"] = ["Decimal"],
        ["decimal64"] = ["Decimal"],
        ["decimal256"] = ["Decimal"],
        ["interval"] = ["Interval"],
        ["binaryview"] = ["BinaryView", "binary_view"],
        ["utf8view"] = ["Utf8View", "string_view"],
        ["listview"] = ["ListView", "list_view"],
        ["largelistview"] = ["LargeListView", "large_list_view"],
        ["runendencoded"] = ["RunEndEncoded", "run_end_encoded"],
    };

    public static bool IsKnown(string jsonName) => Spellings.ContainsKey(jsonName);

    public IReadOnlyList<string> AcceptedNames => Spellings[JsonName];

    public bool IsNamedIn(string message) => AcceptedNames.Any(name => ContainsWord(message, name));

    public override string ToString() => $"{JsonName} at {FieldPath}";

    /// <summary>True when <paramref name="word"/> occurs with no letter right before or after it (digits and '_' may touch it).</summary>
    private static bool ContainsWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + word.Length;
            if ((at == 0 || !char.IsLetter(text[at - 1])) && (end == text.Length || !char.IsLetter(text[end])))
                return true;
        }
        return false;
    }
}
