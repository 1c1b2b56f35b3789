using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Export;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Kernel;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Runner;

/// <summary>
/// <c>#r "nuget: …"</c> for packages the course does not ship: restored by the .NET SDK's NuGet from the real
/// package sources (Humanizer.Core has no dependencies, NodaTime.Testing depends on NodaTime), then used by a
/// notebook in the runner, in the kernel through Jupyter's client, and in an export.
/// </summary>
public sealed class NuGetPackageTests
{
    private static string Fixture => Path.Combine(Repo.Fixtures, "notebooks", "nuget-packages.ipynb");

    private static string NewWorkFolder() => Directory.CreateTempSubdirectory("course-nuget-test-").FullName;

    [Fact]
    public void A_package_without_dependencies_restores_once_then_comes_from_the_cache()
    {
        var work = NewWorkFolder();
        try
        {
            var first = new NuGetRestore(work).Restore("Humanizer.Core", "3.0.10", []);
            Assert.False(first.FromCache);
            Assert.Equal("3.0.10", first.Version);
            Assert.Contains(first.Assemblies, a => Path.GetFileName(a) == "Humanizer.dll" && File.Exists(a));

            // A new process (a new restorer on the same folder) is served from disk: no `dotnet restore` runs.
            var again = new NuGetRestore(work).Restore("Humanizer.Core", "3.0.10", []);
            Assert.True(again.FromCache);
            Assert.Equal(first.Assemblies, again.Assemblies);
        }
        finally { Directory.Delete(work, recursive: true); }
    }

    [Fact]
    public void A_package_with_dependencies_brings_them()
    {
        var work = NewWorkFolder();
        try
        {
            var package = new NuGetRestore(work).Restore("NodaTime.Testing", "3.3.7", []);
            var names = package.Assemblies.Select(Path.GetFileName).ToList();
            Assert.Contains("NodaTime.Testing.dll", names);
            Assert.Contains("NodaTime.dll", names);
        }
        finally { Directory.Delete(work, recursive: true); }
    }

    [Fact]
    public void An_unknown_package_names_package_version_and_what_to_do()
    {
        var work = NewWorkFolder();
        try
        {
            var error = Assert.Throws<PackageRestoreException>(() => new NuGetRestore(work).Restore("LargeModelsCourse.NoSuchPackage", "1.0.0", []));
            Assert.Contains("#r \"nuget: LargeModelsCourse.NoSuchPackage, 1.0.0\"", error.Message, StringComparison.Ordinal);
            Assert.Contains("NU1101", error.Message, StringComparison.Ordinal);
            Assert.Contains("Check the package id and version", error.Message, StringComparison.Ordinal);
        }
        finally { Directory.Delete(work, recursive: true); }
    }

    [Fact]
    public void Offline_the_error_says_no_source_was_reached()
    {
        var work = NewWorkFolder();
        try
        {
            // The only source is a closed port on this machine: NuGet cannot reach any feed, as when offline.
            File.WriteAllText(Path.Combine(work, "nuget.config"), """
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources><clear /><add key="unreachable" value="https://127.0.0.1:9/v3/index.json" /></packageSources>
                </configuration>
                """);
            var error = Assert.Throws<PackageRestoreException>(() => new NuGetRestore(work).Restore("LargeModelsCourse.NoSuchPackage", "2.0.0", []));
            Assert.Contains("LargeModelsCourse.NoSuchPackage 2.0.0", error.Message, StringComparison.Ordinal);
            Assert.Contains("could not reach a package source (offline?)", error.Message, StringComparison.Ordinal);
        }
        finally { Directory.Delete(work, recursive: true); }
    }

    [Fact]
    public async Task Another_version_of_a_shipped_package_stays_an_error()
    {
        var session = new ScriptSession(Path.GetTempPath(), BundledPackages.Shipped, "versions");
        var outcome = await session.ExecuteAsync("#r \"nuget: Plotly.NET, 5.0.0\"\nvar x = 1;", 1);
        Assert.NotNull(outcome.Error);
        Assert.Contains("the course ships Plotly.NET 6.0.0, not 5.0.0", outcome.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_runner_restores_and_uses_packages_in_a_notebook()
    {
        var output = Path.Combine(Repo.Artifacts, "cli-nuget");
        var (exitCode, text) = CourseCommandTests.Course("run", Fixture, "--out", output);
        Assert.True(exitCode == 0, text);
        var cells = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "nuget-packages.ipynb")))!["cells"]!.AsArray();
        string Text(int cell) => string.Concat(cells[cell]!["outputs"]!.AsArray().Select(o => o!["text"] is JsonArray lines
            ? string.Concat(lines.Select(t => t!.GetValue<string>()))
            : o["text"]!.GetValue<string>()));
        Assert.Equal("Course notebook cells", Text(1).Trim());
        Assert.Equal("2026-12-07T04:00:00Z", Text(2).Trim());
        Assert.Equal("three", Text(3).Trim());
    }

    [Fact]
    public async Task The_kernel_restores_and_uses_packages_through_Jupyters_client()
    {
        using var spec = new TemporaryKernelspec();
        var work = Path.Combine(spec.Prefix, "work");
        Directory.CreateDirectory(work);
        var script = Path.Combine(Repo.Root, "tests", "LargeModelsCourse.Tests", "Kernel", "kernel_cells.py");
        string[] cells =
        [
            "#r \"nuget: Humanizer.Core, 3.0.10\"\nusing Humanizer;\nConsole.WriteLine(\"KernelCellsWork\".Humanize());",
            "#r \"nuget: NodaTime.Testing, 3.3.7\"\nConsole.WriteLine(new NodaTime.Testing.FakeClock(NodaTime.Instant.FromUtc(2026, 1, 2, 3, 4)).GetCurrentInstant());",
            "#r \"nuget: LargeModelsCourse.NoSuchPackage, 1.0.0\"",
        ];
        var (exitCode, stdout, stderr) = await ExternalProcess.RunAsync(ExternalProcess.SystemPython, [script, TemporaryKernelspec.Name, work, .. cells], work,
            TimeSpan.FromMinutes(10), new Dictionary<string, string?> { ["JUPYTER_PATH"] = spec.JupyterPath, ["PYTHONPATH"] = null, ["PYTHONHOME"] = null });
        Assert.True(exitCode == 0, $"{stderr}\n{stdout}");
        var results = JsonNode.Parse(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1])!.AsArray();
        Assert.Equal("ok", results[0]!["status"]!.GetValue<string>());
        Assert.Equal("Kernel cells work", results[0]!["text"]!.GetValue<string>().Trim());
        Assert.Equal("2026-01-02T03:04:00Z", results[1]!["text"]!.GetValue<string>().Trim());
        Assert.Equal("error", results[2]!["status"]!.GetValue<string>());
        Assert.Contains("NuGet could not restore LargeModelsCourse.NoSuchPackage 1.0.0", results[2]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Export_writes_package_lines_for_restored_packages()
    {
        var folder = Path.Combine(Repo.Artifacts, "export-nuget");
        var chapter = NotebookExporter.Export(NotebookDocument.Load(Fixture), Path.Combine(folder, "nuget-packages.cs"));
        var lines = chapter.Text.Split('\n');
        Assert.Single(lines, l => l == "#:package Humanizer.Core@3.0.10");
        Assert.Contains("#:package NodaTime.Testing@3.3.7", lines);
    }
}
