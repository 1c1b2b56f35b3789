using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Tests.Kernel;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Runner;

/// <summary>
/// The GPU switch (<c>-p:TorchDevice=cuda</c>) as MSBuild evaluates it: which TorchSharp package the library,
/// and through it the runner and kernel, reference, at which version. Evaluation only: the CUDA packages are
/// gigabytes, CI keeps the CPU build, and no GPU is here.
/// </summary>
public sealed class TorchPackageSwitchTests
{
    private static async Task<(int ExitCode, string Output)> MSBuild(string project, params string[] arguments)
    {
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync("dotnet", ["msbuild", Path.Combine(Repo.Root, project), "-nologo", .. arguments],
            Repo.Root, TimeSpan.FromMinutes(3));
        return (exitCode, stdout + stderr);
    }

    /// <summary>The TorchSharp package references and the central version each gets.</summary>
    private static async Task<List<(string Include, string? Version)>> TorchReferences(string project, params string[] properties)
    {
        var (exitCode, output) = await MSBuild(project, ["-getItem:PackageReference", "-getItem:PackageVersion", .. properties]);
        Assert.True(exitCode == 0, output);
        var items = JsonNode.Parse(output)!["Items"]!;
        var versions = items["PackageVersion"]!.AsArray()
            .ToDictionary(i => i!["Identity"]!.GetValue<string>(), i => i!["Version"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase);
        return items["PackageReference"]!.AsArray()
            .Select(i => i!["Identity"]!.GetValue<string>())
            .Where(name => name.StartsWith("TorchSharp", StringComparison.Ordinal))
            .Select(name => (name, versions.TryGetValue(name, out var v) ? v : null))
            .ToList();
    }

    [Theory]
    [InlineData(new string[0], "TorchSharp-cpu")]
    [InlineData(new[] { "-p:TorchDevice=cpu" }, "TorchSharp-cpu")]
    [InlineData(new[] { "-p:TorchDevice=cuda", "-p:TorchPlatform=linux" }, "TorchSharp-cuda-linux")]
    [InlineData(new[] { "-p:TorchDevice=cuda", "-p:TorchPlatform=windows" }, "TorchSharp-cuda-windows")]
    public async Task The_switch_swaps_the_library_s_TorchSharp_package(string[] properties, string expected)
    {
        var references = await TorchReferences("src/LargeModelsCourse/LargeModelsCourse.csproj", properties);
        var reference = Assert.Single(references);
        Assert.Equal(expected, reference.Include);
        // Central package management gives every TorchSharp package the version the notebooks pin.
        Assert.Equal(BundledPackages.Shipped.Resolve("TorchSharp-cpu", null).Version, reference.Version);
    }

    [Fact]
    public async Task The_runner_and_kernel_get_the_switched_package_through_the_library()
    {
        var (exitCode, output) = await MSBuild("src/LargeModelsCourse.Runner/LargeModelsCourse.Runner.csproj", "-getProperty:TorchPackage", "-p:TorchDevice=cuda", "-p:TorchPlatform=linux");
        Assert.True(exitCode == 0, output);
        Assert.Equal("TorchSharp-cuda-linux", output.Trim());
    }

    [Fact]
    public async Task A_platform_without_a_cuda_package_is_a_clear_build_error()
    {
        var (exitCode, output) = await MSBuild("src/LargeModelsCourse/LargeModelsCourse.csproj", "-t:CheckTorchDevice", "-p:TorchDevice=cuda", "-p:TorchPlatform=osx");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("TorchSharp has CUDA packages for linux and windows only", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TorchSharp-cuda-linux")]
    [InlineData("TorchSharp-cuda-windows")]
    [InlineData("TorchSharp-cpu")]
    public void Setup_cells_naming_any_TorchSharp_package_get_the_one_built_in(string name)
    {
        var package = BundledPackages.Shipped.Resolve(name, PackageVersions.Of("TorchSharp-cpu"));
        Assert.Equal(typeof(TorchSharp.torch).Assembly, Assert.Single(package.Assemblies));
    }
}
