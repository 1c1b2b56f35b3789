using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Runner;

public class CellDirectivesTests
{
    [Fact]
    public void Directives_are_taken_out_and_line_numbers_kept()
    {
        var directives = CellDirectives.Parse($"#r \"nuget: TorchSharp-cpu, {PackageVersions.Of("TorchSharp-cpu")}\"\n#r \"nuget:MathNet.Numerics\"\n#r \"lib/My.dll\"\n#i \"nuget: https://example.invalid/index.json\"\nvar x = 1;");
        Assert.Equal([("TorchSharp-cpu", PackageVersions.Of("TorchSharp-cpu"), 1), ("MathNet.Numerics", (string?)null, 2)], directives.Packages);
        Assert.Equal([("lib/My.dll", 3)], directives.Assemblies);
        Assert.Equal(["https://example.invalid/index.json"], directives.PackageSources);
        Assert.Equal("\n\n\n\nvar x = 1;", directives.Code);
    }

    [Theory]
    [InlineData("#r nuget: X", 1, "needs one quoted argument")]
    [InlineData("var a = 1;\n#r \"nuget: A, 1, 2\"", 2, "not of the form")]
    public void Malformed_directives_name_their_line(string cell, int line, string message)
    {
        var error = Assert.Throws<CellDirectiveException>(() => CellDirectives.Parse(cell));
        Assert.Equal(line, error.Line);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Another_version_than_the_shipped_one_names_the_shipped_one()
    {
        var shipped = BundledPackages.Shipped.Resolve("TorchSharp-cpu", null);
        Assert.Equal(PackageVersions.Of("TorchSharp-cpu"), shipped.Version);
        var error = Assert.Throws<PackageNotBundledException>(() => BundledPackages.Shipped.Resolve("TorchSharp-cpu", "0.99.0"));
        Assert.Contains($"the course ships TorchSharp-cpu {PackageVersions.Of("TorchSharp-cpu")}, not 0.99.0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_packages_list_what_is_shipped()
    {
        var error = Assert.Throws<PackageNotBundledException>(() => BundledPackages.Shipped.Resolve("Newtonsoft.Json", "13.0.3"));
        Assert.Contains("does not ship Newtonsoft.Json", error.Message, StringComparison.Ordinal);
        Assert.Contains("Plotly.NET 6.0.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("MathNet.Numerics 5.0.0", error.Message, StringComparison.Ordinal);
    }
}
