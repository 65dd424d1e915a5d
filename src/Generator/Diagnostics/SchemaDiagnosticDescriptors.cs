namespace Quiver.Generator.Diagnostics;

/// <summary>
/// Every diagnostic the schema compiler reports. Ids are stable: a retired id is never reused.
/// docs/schema-language.md lists the same table; a test keeps the two in step.
/// </summary>
public static class SchemaDiagnosticDescriptors
{
    private const SchemaDiagnosticSeverity Error = SchemaDiagnosticSeverity.Error;
    private const SchemaDiagnosticSeverity Warning = SchemaDiagnosticSeverity.Warning;

    // Syntax.
    public static readonly SchemaDiagnosticDescriptor UnexpectedToken = new(
        "QVR0001", "Syntax error", "expected {0}, found {1}", Error);

    public static readonly SchemaDiagnosticDescriptor UnknownType = new(
        "QVR0002", "Unknown type", "unknown type '{0}'; {1}", Error);

    public static readonly SchemaDiagnosticDescriptor UnexpectedCharacter = new(
        "QVR0003", "Unexpected character",
        "unexpected character '{0}'; expected a name, a number, a string, a comment or one of ; : , . = - ? {{ }} [ ] < >", Error);

    public static readonly SchemaDiagnosticDescriptor UnterminatedString = new(
        "QVR0004", "Unterminated string", "unterminated string; expected a closing '\"' on the same line", Error);

    public static readonly SchemaDiagnosticDescriptor UnterminatedComment = new(
        "QVR0005", "Unterminated comment", "unterminated comment; expected '*/' before the end of the file", Error);

    public static readonly SchemaDiagnosticDescriptor InvalidNumber = new(
        "QVR0006", "Invalid number", "invalid number '{0}'; expected decimal digits, or '0x' followed by hexadecimal digits", Error);

    public static readonly SchemaDiagnosticDescriptor NumberTooLarge = new(
        "QVR0007", "Number too large", "number '{0}' is too large; expected at most 18446744073709551615", Error);

    public static readonly SchemaDiagnosticDescriptor EscapeInString = new(
        "QVR0008", "Backslash in string", "'\\' is not allowed in a string; strings have no escape sequences (write paths with '/')", Error);

    public static readonly SchemaDiagnosticDescriptor TypeNestedTooDeeply = new(
        "QVR0009", "Type nested too deeply", "type nests more than {0} levels of '[]', '[N]' and '?'; expected at most {0}", Error);

    // Packages and imports.
    public static readonly SchemaDiagnosticDescriptor MissingPackage = new(
        "QVR0010", "Missing package", "file has no package declaration; expected 'package name;', for example 'package geometry;'", Error);

    public static readonly SchemaDiagnosticDescriptor DuplicatePackage = new(
        "QVR0011", "Duplicate package", "duplicate package declaration; a file declares one package and this one already declared '{0}' at {1}", Error);

    public static readonly SchemaDiagnosticDescriptor ImportNotFound = new(
        "QVR0012", "Import not found", "import '{0}' not found; expected the path, relative to this file, of one of the schema files being compiled (looked for '{1}')", Error);

    public static readonly SchemaDiagnosticDescriptor ImportCycle = new(
        "QVR0013", "Import cycle", "import cycle: {0}; imports must not form a cycle", Error);

    public static readonly SchemaDiagnosticDescriptor DuplicateImport = new(
        "QVR0014", "Duplicate import", "'{0}' is already imported at {1}; expected each file to be imported once", Warning);

    public static readonly SchemaDiagnosticDescriptor TypeNotImported = new(
        "QVR0015", "Type not imported", "type '{0}' is declared in '{1}', which this file does not import; expected 'import \"{2}\";'", Error);

    // Declarations.
    public static readonly SchemaDiagnosticDescriptor DuplicateType = new(
        "QVR0020", "Duplicate type", "type '{0}' is already declared at {1}; expected type names to be unique within a package", Error);

    public static readonly SchemaDiagnosticDescriptor DuplicateField = new(
        "QVR0021", "Duplicate field", "field '{0}' is already declared in message '{1}' at {2}; expected field names to be unique within a message", Error);

    public static readonly SchemaDiagnosticDescriptor DuplicateEnumMember = new(
        "QVR0022", "Duplicate enum member", "member '{0}' is already declared in enum '{1}' at {2}; expected member names to be unique within an enum", Error);

    public static readonly SchemaDiagnosticDescriptor DuplicateEnumValue = new(
        "QVR0023", "Duplicate enum value", "member '{0}' has the value {1}, which member '{2}' already has; expected each member to have its own value", Error);

    public static readonly SchemaDiagnosticDescriptor EnumValueOutOfRange = new(
        "QVR0024", "Enum value out of range", "value {0} of member '{1}' does not fit the enum's base type {2}; expected {3} to {4}", Error);

    public static readonly SchemaDiagnosticDescriptor InvalidEnumBase = new(
        "QVR0025", "Invalid enum base type", "enum base type '{0}' is not an integer type; expected int8, int16, int32, int64, uint8, uint16, uint32 or uint64", Error);

    public static readonly SchemaDiagnosticDescriptor EmptyEnum = new(
        "QVR0026", "Empty enum", "enum '{0}' has no members; expected at least one 'Name = value;'", Error);

    public static readonly SchemaDiagnosticDescriptor RecursiveMessage = new(
        "QVR0027", "Message contains itself",
        "message '{0}' contains itself ({1}); Arrow schemas are finite trees, so a message cannot contain itself, not even through a list or a nullable field", Error);

    // Types.
    public static readonly SchemaDiagnosticDescriptor UnknownTimeUnit = new(
        "QVR0030", "Unknown time unit", "unknown time unit '{0}'; expected s, ms, us or ns", Error);

    public static readonly SchemaDiagnosticDescriptor SizeOutOfRange = new(
        "QVR0031", "Size out of range", "size {0} of {1} is out of range; expected 1 to 2147483647", Error);

    public static readonly SchemaDiagnosticDescriptor InvalidTimeZone = new(
        "QVR0032", "Invalid time zone",
        "time zone \"{0}\" is not valid; expected an IANA name such as \"UTC\" or \"Europe/Paris\", or an offset such as \"+01:00\" (letters, digits and / _ + - : .)", Error);

    public static readonly SchemaDiagnosticDescriptor InvalidTypeArguments = new(
        "QVR0033", "Invalid type arguments", "invalid type arguments for '{0}'; expected {1}", Error);

    public static readonly SchemaDiagnosticDescriptor RedundantNullable = new(
        "QVR0034", "Type already nullable", "type is already nullable; expected a single '?'", Error);

    public static readonly SchemaDiagnosticDescriptor DecimalPrecisionOutOfRange = new(
        "QVR0035", "Decimal precision out of range",
        "precision {0} of decimal is out of range; expected 1 to 76 digits (decimal128 up to 38, decimal256 beyond)", Error);

    public static readonly SchemaDiagnosticDescriptor DecimalScaleOutOfRange = new(
        "QVR0036", "Decimal scale out of range", "scale {0} of decimal<{1}, {0}> is out of range; expected 0 to the precision, {1}", Error);

    public static readonly SchemaDiagnosticDescriptor NullableMapKey = new(
        "QVR0037", "Nullable map key", "map keys cannot be null; expected '{0}' without '?' (Arrow map keys are never null)", Error);

    public static readonly SchemaDiagnosticDescriptor InvalidMapKey = new(
        "QVR0038", "Invalid map key type",
        "'{0}' cannot be a map key; expected bool, an integer type, string or an enum", Error);

    // Names.
    public static readonly SchemaDiagnosticDescriptor InvalidName = new(
        "QVR0040", "Invalid name", "{0} name '{1}' is not valid; expected {2}", Error);

    public static readonly SchemaDiagnosticDescriptor GeneratedNameCollision = new(
        "QVR0041", "Generated names collide", "field '{0}' maps to the C# name '{1}', as field '{2}' does; expected fields whose C# names differ", Error);

    // Documentation.
    public static readonly SchemaDiagnosticDescriptor DetachedDocComment = new(
        "QVR0050", "Detached documentation comment",
        "'///' comment is not attached to a declaration; expected an enum, enum member, message or field right after it (use '//' for a plain comment)", Warning);

    // The compiler itself.
    public static readonly SchemaDiagnosticDescriptor InternalError = new(
        "QVR9999", "Internal error", "internal error in the Quiver schema compiler: {0}; please report it with the schema that caused it", Error);

    /// <summary>Every descriptor, in id order.</summary>
    public static IReadOnlyList<SchemaDiagnosticDescriptor> All { get; } =
    [
        UnexpectedToken, UnknownType, UnexpectedCharacter, UnterminatedString, UnterminatedComment, InvalidNumber,
        NumberTooLarge, EscapeInString, TypeNestedTooDeeply, MissingPackage, DuplicatePackage, ImportNotFound,
        ImportCycle, DuplicateImport, TypeNotImported, DuplicateType, DuplicateField, DuplicateEnumMember,
        DuplicateEnumValue, EnumValueOutOfRange, InvalidEnumBase, EmptyEnum, RecursiveMessage, UnknownTimeUnit,
        SizeOutOfRange, InvalidTimeZone, InvalidTypeArguments, RedundantNullable, DecimalPrecisionOutOfRange,
        DecimalScaleOutOfRange, NullableMapKey, InvalidMapKey, InvalidName,
        GeneratedNameCollision, DetachedDocComment, InternalError,
    ];
}
