using System.Runtime.CompilerServices;
using Quiver.Messages;
using ApacheC = Apache.Arrow.C;
using QuiverC = Quiver.Arrow.CData;

namespace Quiver.Interop.ApacheArrow;

/// <summary>
/// Schemas between Quiver and Apache.Arrow through the C Data Interface: one library exports an
/// <c>ArrowSchema</c>, the other imports (and releases) it. Names, types, nullability and metadata
/// (<c>quiver.*</c> keys included) carry over as the spec defines them.
/// </summary>
internal static unsafe class ApacheArrowSchemas
{
    // Apache.Arrow schemas of Quiver schemas already converted; a schema is immutable, so the
    // pair lives as long as the Quiver schema does.
    private static readonly ConditionalWeakTable<Arrow.Schema, Apache.Arrow.Schema> Converted = new();

    public static Apache.Arrow.Schema Of<T>() where T : IMessage<T> => ForMessage<T>.Value;

    public static Apache.Arrow.Schema ToApache(Arrow.Schema schema) =>
        Converted.GetValue(schema, static schema =>
        {
            var exchange = ApacheC.CArrowSchema.Create();
            try
            {
                // Both structs are abi.h's ArrowSchema field for field (ApacheArrowLayoutTests checks the sizes).
                QuiverC.CArrowSchemaExporter.ExportSchema(schema, (QuiverC.CArrowSchema*)exchange);
                return ApacheC.CArrowSchemaImporter.ImportSchema(exchange);
            }
            finally
            {
                ApacheC.CArrowSchema.Free(exchange);
            }
        });

    /// <summary>Throws <see cref="Arrow.ArrowNotSupportedException"/> for a type Quiver does not implement.</summary>
    public static Arrow.Schema FromApache(Apache.Arrow.Schema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var exchange = ApacheC.CArrowSchema.Create();
        try
        {
            ApacheC.CArrowSchemaExporter.ExportSchema(schema, exchange);
            return QuiverC.CArrowSchemaImporter.ImportSchema((QuiverC.CArrowSchema*)exchange);
        }
        finally
        {
            ApacheC.CArrowSchema.Free(exchange);
        }
    }

    private static class ForMessage<T> where T : IMessage<T>
    {
        public static readonly Apache.Arrow.Schema Value = ToApache(T.Schema);
    }
}
