using Microsoft.CodeAnalysis;
using Quiver.Generator.Emit;
using Quiver.Generator.Roslyn;

namespace Quiver.Generator.Tests;

/// <summary>What re-runs after an edit: only the types whose emitter input changed are emitted again.</summary>
public class IncrementalEmitTests
{
    private static (GeneratorDriver Driver, AdditionalText[] Schemas) FirstRun()
    {
        var schemas = GeneratorHarness.ExampleSchemas();
        var driver = GeneratorHarness.Driver(schemas).RunGenerators(GeneratorHarness.Compilation());
        return (driver, schemas);
    }

    private static AdditionalText Schema(AdditionalText[] schemas, string fileName) =>
        schemas.Single(s => s.Path.EndsWith("/" + fileName, StringComparison.Ordinal));

    private static GeneratorDriver Edit(GeneratorDriver driver, AdditionalText old, Func<string, string> edit) =>
        driver.ReplaceAdditionalText(old, new GeneratorHarness.InMemoryAdditionalText(old.Path, edit(old.GetText()!.ToString())))
            .RunGenerators(GeneratorHarness.Compilation());

    /// <summary>The reason each message's emitter input has in the last run, by <c>package.Name</c>.</summary>
    private static Dictionary<string, IncrementalStepRunReason> MessageReasons(GeneratorDriver driver) =>
        driver.GetRunResult().Results[0].TrackedSteps[TrackingNames.MessageInputs]
            .SelectMany(step => step.Outputs)
            .ToDictionary(output => ((MessageEmitInput)output.Value).Message.Name.ToString(), output => output.Reason);

    [Fact]
    public void An_unrelated_csharp_edit_reruns_no_step_and_emits_nothing_again()
    {
        var (driver, _) = FirstRun();

        var result = driver.RunGenerators(GeneratorHarness.Compilation("class Program { static void Main() { } }")).GetRunResult().Results[0];

        foreach (var name in new[] { TrackingNames.Parse, TrackingNames.Compile, TrackingNames.Model, TrackingNames.EnumInputs, TrackingNames.MessageInputs })
        {
            var outputs = result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
        }
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_one_schema_re_emits_only_its_types()
    {
        var (driver, schemas) = FirstRun();

        driver = Edit(driver, Schema(schemas, "tensor.quiver"), text => text.Replace("dtype: DType;", "dtype: DType;\n  rank: uint8;"));

        var reasons = MessageReasons(driver);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["tensor.Tensor"]);
        Assert.All(reasons.Where(r => r.Key != "tensor.Tensor"), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r.Value));
    }

    [Fact]
    public void Editing_a_contained_message_re_emits_the_messages_that_contain_it()
    {
        var (driver, schemas) = FirstRun();

        driver = Edit(driver, Schema(schemas, "geometry.quiver"), text => text.Replace("  z: float64;\n}", "  z: float32;\n}"));

        var reasons = MessageReasons(driver);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["geometry.Vector3"]);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["geometry.Pose"]);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["vision.Image"]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, reasons["geometry.Quaternion"]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, reasons["tensor.Tensor"]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, reasons["vision.CameraInfo"]);
    }

    [Fact]
    public void Editing_only_comments_and_layout_emits_nothing_again()
    {
        var (driver, schemas) = FirstRun();

        driver = Edit(driver, Schema(schemas, "vision.quiver"), text => "// a new comment\n\n" + text.Replace("  width: uint32;", "  width:   uint32;   // pixels"));

        var result = driver.GetRunResult().Results[0];
        Assert.Equal(IncrementalStepRunReason.Modified, Assert.Single(result.TrackedSteps[TrackingNames.Parse].SelectMany(s => s.Outputs), o => o.Reason != IncrementalStepRunReason.Cached).Reason);
        Assert.All(result.TrackedSteps[TrackingNames.Compile].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
        Assert.All(result.TrackedSteps[TrackingNames.Model].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        Assert.All(result.TrackedSteps[TrackingNames.MessageInputs].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }
}
