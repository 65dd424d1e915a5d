using Quiver.Tests;

namespace Quiver.Messages.Tests;

/// <summary>
/// The path a user takes: pack Quiver.Runtime, create a console project outside the repository
/// whose one PackageReference is Quiver.Runtime (the schema compiler comes with it), add schemas,
/// build and run: typed messages, and a topic whose received message goes to Apache.Arrow and back.
/// </summary>
public class PackageTests
{
    [Fact]
    public void A_fresh_console_project_builds_and_runs_against_the_packed_packages()
    {
        var repo = Quiver.Tests.RepositoryRoot.Path;
        var root = Directory.CreateTempSubdirectory("quiver-package-test-").FullName;
        try
        {
            var feed = Path.Combine(root, "feed");
            Dotnet(repo, packageCache: null, ["pack", Path.Combine(repo, "src/Runtime/Quiver.Runtime.csproj"), "-c", "Release", "-o", feed]);
            Assert.Equal(["Quiver.Runtime.0.1.0-dev.nupkg"], Directory.GetFiles(feed).Select(Path.GetFileName));

            var app = Directory.CreateDirectory(Path.Combine(root, "app")).FullName;
            File.WriteAllText(Path.Combine(app, "App.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <GenerateDocumentationFile>true</GenerateDocumentationFile>
                    <EnableTrimAnalyzer>true</EnableTrimAnalyzer>
                    <EnableAotAnalyzer>true</EnableAotAnalyzer>
                    <QuiverPythonOutput>python</QuiverPythonOutput>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Quiver.Runtime" Version="0.1.0-dev" />
                  </ItemGroup>
                  <ItemGroup>
                    <QuiverSchema Include="schemas/*.quiver" />
                  </ItemGroup>
                </Project>
                """);
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
                  </packageSources>
                </configuration>
                """);
            Directory.CreateDirectory(Path.Combine(app, "schemas"));
            foreach (var schema in new[] { "geometry.quiver", "vision.quiver" })
                File.Copy(Path.Combine(repo, "schemas", schema), Path.Combine(app, "schemas", schema));
            File.Copy(Path.Combine(repo, "tests/Quiver.Messages.Tests/UserProject/Program.cs"), Path.Combine(app, "Program.cs"));

            // A package cache of its own, so the freshly packed packages are used, not an older
            // 0.1.0-dev from the user's cache.
            var packageCache = Path.Combine(root, "packages");
            Dotnet(app, packageCache, ["build", "-c", "Release", "-o", Path.Combine(app, "out")]);
            // The program publishes on a topic: a runtime directory of its own (the runtime makes it, mode 0700), removed below.
            var runtimeDirectory = Path.Combine(root, "run");
            var output = Dotnet(app, packageCache, [Path.Combine(app, "out", "App.dll")], runtimeDirectory);

            Assert.Equal(
                [
                    "camera/left 2x1 Rgb8 at 2023-11-14T22:13:20.1234567+00:00",
                    "first pixel 255,0,0; labels cat+sofa",
                    "pose at (1, 2, 3)",
                    "copy has 6 bytes",
                    "camera/right 640x480 Mono8, pixel 128, has pose: False",
                    "fingerprint " + Vision.Image.Fingerprint,
                    "Apache.Arrow batch: 1 row, 640 bytes of pixels in the sample's shared memory: True",
                    "sent from Apache.Arrow: camera/apache 640x1, 640 bytes",
                ],
                output.Split('\n', StringSplitOptions.RemoveEmptyEntries));

            // QuiverPythonOutput: the build ran the packed quiver command, which wrote the same
            // module as the generator's Python snapshot, with the C# fingerprint.
            var module = File.ReadAllText(Path.Combine(app, "python", "vision.py"));
            Assert.Contains($"    FINGERPRINT = \"{Vision.Image.Fingerprint}\"\n", module);
            Assert.Equal(
                File.ReadAllText(Path.Combine(repo, "tests/Quiver.Generator.Tests/_snapshots/PythonEmitterTests.Generated_python_matches_the_snapshots#vision.verified.py")),
                module);
            Assert.True(File.Exists(Path.Combine(app, "python", "geometry.py")));
            Assert.True(File.Exists(Path.Combine(app, "python", "py.typed")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Docs_show_the_program_this_test_runs()
    {
        var repo = Quiver.Tests.RepositoryRoot.Path;
        var program = File.ReadAllText(Path.Combine(repo, "tests/Quiver.Messages.Tests/UserProject/Program.cs")).Replace("\r\n", "\n");
        var body = string.Join('\n', program.Split('\n').Skip(2)).TrimEnd();

        Assert.Contains("```csharp\n" + body + "\n```", File.ReadAllText(Path.Combine(repo, "docs/csharp.md")).Replace("\r\n", "\n"));
    }

    private static string Dotnet(string workingDirectory, string? packageCache, string[] arguments, string? runtimeDirectory = null) =>
        DotnetCli.Run(workingDirectory, packageCache, arguments,
            runtimeDirectory is null ? null : new Dictionary<string, string> { [Quiver.Transport.RuntimeDirectory.OverrideVariable] = runtimeDirectory });
}
