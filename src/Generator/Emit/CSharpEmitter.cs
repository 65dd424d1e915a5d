using Quiver.Generator.Model;

namespace Quiver.Generator.Emit;

/// <summary>The C# emitter's entry point: one generated file per enum and per message, named <c>{package}.{Type}.g.cs</c>.</summary>
public static class CSharpEmitter
{
    /// <summary>Every generated file of <paramref name="model"/>, as (hint name, source text), in a stable order.</summary>
    public static IEnumerable<(string HintName, string Source)> Emit(SchemaModel model) =>
        EmitInputs.Enums(model).Select(e => (e.HintName, EnumEmitter.Emit(e)))
            .Concat(EmitInputs.Messages(model).Select(m => (m.HintName, MessageEmitter.Emit(m))));
}
