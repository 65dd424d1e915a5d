using Quiver.Generator.Model;

namespace Quiver.Generator.Emit.Python;

/// <summary>
/// How a module refers to enums and messages: by name in its own package, through the aliased
/// import of their module otherwise (<c>geometry.Pose</c> → <c>_geometry.Pose</c>).
/// </summary>
internal sealed class PythonNames(SchemaModel model, string package)
{
    /// <summary>
    /// The alias of a module import: '_' plus its path with '.' as "__". Package segments are
    /// snake_case without "__", so two modules never get the same alias.
    /// </summary>
    public static string ModuleAlias(string pythonModule) => "_" + pythonModule.Replace(".", "__");

    public string Class(QualifiedName name)
    {
        var own = model.FindMessage(name)?.PythonName ?? model.FindEnum(name)?.PythonName
            ?? throw new ArgumentException($"{name} is not in the model", nameof(name));
        if (name.Package == package)
            return own;
        return ModuleAlias(model.Files.First(f => f.Package.Name == name.Package).Package.PythonModule) + "." + own;
    }
}
