namespace Quiver.Generator.Roslyn;

/// <summary>Names of the pipeline steps, so tests can check which ones re-ran.</summary>
internal static class TrackingNames
{
    public const string Parse = "Quiver.Parse";
    public const string Compile = "Quiver.Compile";
    public const string Diagnostics = "Quiver.Diagnostics";
    public const string Model = "Quiver.Model";
    public const string EnumInputs = "Quiver.EnumInputs";
    public const string MessageInputs = "Quiver.MessageInputs";
}
