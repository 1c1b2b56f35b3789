using System.Xml.Linq;

namespace LargeModelsCourse.Tests.Support;

/// <summary>
/// The versions the course pins, read from the one place that pins them (Directory.Packages.props), so a test never
/// repeats a version number that a package update would leave behind.
/// </summary>
public static class PackageVersions
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Pinned = new(() =>
        XDocument.Load(Path.Combine(Repo.Root, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .Where(e => e.Attribute("Include") is not null && e.Attribute("Version") is not null)
            .GroupBy(e => e.Attribute("Include")!.Value, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First().Attribute("Version")!.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>The pinned version of <paramref name="package"/>.</summary>
    public static string Of(string package) => Pinned.Value.TryGetValue(package, out var version)
        ? version
        : throw new InvalidOperationException($"Directory.Packages.props pins no version of {package}");
}
