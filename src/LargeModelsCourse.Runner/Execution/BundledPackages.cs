using System.Reflection;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// The NuGet packages the course's hosts ship, which satisfy a notebook's <c>#r "nuget: Name, Version"</c>
/// without a download: the course works offline and every notebook gets exactly the pinned versions.
/// Versions come from <c>Directory.Packages.props</c>, stamped into the runner at build time.
/// </summary>
public sealed class BundledPackages
{
    private readonly Dictionary<string, BundledPackage> packages;

    private BundledPackages(IEnumerable<BundledPackage> all) =>
        packages = all.ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The packages this build of the runner ships.</summary>
    public static BundledPackages Shipped { get; } = new(Discover());

    /// <summary>Every shipped package, by name.</summary>
    public IEnumerable<BundledPackage> All => packages.Values.OrderBy(p => p.Name, StringComparer.Ordinal);

    /// <summary>True when the course ships a package of this name (any version): other packages are restored from NuGet.</summary>
    public bool Ships(string name) => packages.ContainsKey(name);

    /// <summary>Finds the package a <c>#r "nuget: …"</c> asks for, or explains why it cannot be had.</summary>
    /// <exception cref="PackageNotBundledException">Unknown package, or another version than the one shipped.</exception>
    public BundledPackage Resolve(string name, string? version)
    {
        if (!packages.TryGetValue(name, out var package))
            throw new PackageNotBundledException(
                $"#r \"nuget: {name}\": the course does not ship {name}. The course's hosts run offline with a fixed set of packages: {string.Join(", ", All.Select(p => $"{p.Name} {p.Version}"))}.");
        if (!string.IsNullOrWhiteSpace(version) && !VersionMatches(version.Trim(), package.Version))
            throw new PackageNotBundledException(
                $"#r \"nuget: {name}, {version}\": the course ships {package.Name} {package.Version}, not {version}. Change the line to #r \"nuget: {package.Name}, {package.Version}\" (the version every notebook pins).");
        return package;
    }

    private static bool VersionMatches(string wanted, string shipped) =>
        wanted == shipped || wanted == "*" || wanted == "*-*" || wanted == $"[{shipped}]";

    private static IEnumerable<BundledPackage> Discover()
    {
        var versions = typeof(BundledPackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Where(a => a.Key.StartsWith("package:", StringComparison.Ordinal))
            .ToDictionary(a => a.Key["package:".Length..], a => a.Value ?? "", StringComparer.OrdinalIgnoreCase);
        string V(string name) => versions.TryGetValue(name, out var v) ? v : "?";

        var torch = typeof(TorchSharp.torch).Assembly;
        var plotly = typeof(Plotly.NET.GenericChart).Assembly;
        var plotlyDependencies = new[] { plotly, typeof(Microsoft.FSharp.Core.FSharpOption<>).Assembly, typeof(DynamicObj.DynamicObj).Assembly, typeof(Giraffe.ViewEngine.HtmlElements).Assembly };
        yield return new("TorchSharp-cpu", V("TorchSharp-cpu"), [torch]);
        // Every TorchSharp package name resolves to the TorchSharp this build carries (TorchSharp-cpu, or a CUDA package
        // with -p:TorchDevice=cuda): chapters name TorchSharp-cpu and stay the same when a student builds for a GPU.
        yield return new("TorchSharp", V("TorchSharp-cpu"), [torch]);
        yield return new("TorchSharp-cuda-linux", V("TorchSharp-cuda-linux"), [torch]);
        yield return new("TorchSharp-cuda-windows", V("TorchSharp-cuda-windows"), [torch]);
        yield return new("Plotly.NET", V("Plotly.NET"), plotlyDependencies);
        yield return new("Plotly.NET.CSharp", V("Plotly.NET.CSharp"), [typeof(Plotly.NET.CSharp.Chart).Assembly, .. plotlyDependencies]);
        yield return new("MathNet.Numerics", V("MathNet.Numerics"), [typeof(MathNet.Numerics.Control).Assembly]);
        yield return new("LargeModelsCourse", LargeModelsCourse.Course.Version, [typeof(LargeModelsCourse.Course).Assembly]);
    }
}

/// <summary>A shipped package: its name, version and the assemblies a notebook gets by referencing it.</summary>
public sealed record BundledPackage(string Name, string Version, IReadOnlyList<Assembly> Assemblies);

/// <summary>A <c>#r "nuget: …"</c> the course cannot satisfy.</summary>
public sealed class PackageNotBundledException(string message) : Exception(message);
