using System.Diagnostics;
using Quiver.Arrow.Arrays;
using Quiver.Arrow.Ipc;

namespace Quiver.Runtime.Tests.Examples;

/// <summary>Runs examples/ArrowRoundTrip as a user would: the file it is asked to write must stay.</summary>
public class ArrowRoundTripExampleTests
{
    [Fact]
    public void A_file_the_user_named_is_kept_and_holds_the_frames()
    {
        var folder = Directory.CreateTempSubdirectory("quiver-roundtrip-");
        try
        {
            var path = Path.Combine(folder.FullName, "out.arrows");

            var output = RunExample(path);

            Assert.Contains($"Saved {path}", output);
            Assert.True(File.Exists(path), $"The example deleted the file it was asked to write. Its output:\n{output}");
            var reader = new IpcStreamReader(File.ReadAllBytes(path));
            using var batch = reader.ReadNext();
            Assert.NotNull(batch);
            Assert.Equal(3, batch.Length);
            Assert.Equal([0UL, 1UL, 2UL], Enumerable.Range(0, 3).Select(((PrimitiveArray<ulong>)batch.Column("sequence")).GetValue));
            Assert.Null(reader.ReadNext());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void Without_a_name_its_temporary_file_is_removed()
    {
        var output = RunExample();

        var saved = output.Split('\n').Single(line => line.StartsWith("Saved ", StringComparison.Ordinal));
        var path = saved["Saved ".Length..saved.LastIndexOf(" (", StringComparison.Ordinal)];
        Assert.StartsWith(Path.GetTempPath(), path);
        Assert.False(File.Exists(path), $"The temporary file {path} was left behind.");
    }

    private static string RunExample(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(ExampleAssembly());
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"The example exited with {process.ExitCode}: {error.Result}\n{output}");
        return output.Replace("\r\n", "\n");
    }

    private static string ExampleAssembly()
    {
        const string name = "Quiver.Examples.ArrowRoundTrip";
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(Quiver.Tests.RepositoryRoot.Path, "examples", "ArrowRoundTrip", "bin", baseDirectory.Parent!.Name, baseDirectory.Name, name + ".dll");
        if (!File.Exists(path))
            throw new FileNotFoundException($"The example was not built: {path}", path);
        return path;
    }
}
