namespace Quiver.Generator.Model;

/// <summary>The built-in types that take no parameters.</summary>
public enum PrimitiveKind
{
    Bool,
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Float16,
    Float32,
    Float64,
    String,
    Bytes,
}
