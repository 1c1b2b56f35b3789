using LargeModelsCourse.Runner.Export;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Export;

/// <summary><c>course export</c> names the course library by a path relative to the exported file, wherever it is written.</summary>
public sealed class ExportProjectPathTests
{
    private static string ProjectLine(string output)
    {
        var notebook = NotebookDocument.Load(Path.Combine(Repo.Fixtures, "notebooks", "nuget-packages.ipynb"));
        var line = NotebookExporter.Export(notebook, output).Text.Split('\n').Single(l => l.StartsWith("#:project ", StringComparison.Ordinal));
        return line["#:project ".Length..];
    }

    [Fact]
    public void Outside_the_checkout_the_project_path_is_relative_and_reaches_the_library()
    {
        var folder = Directory.CreateTempSubdirectory("course-export-").FullName;
        try
        {
            var output = Path.Combine(folder, "sub", "chapter.cs");
            var path = ProjectLine(output);
            Assert.False(Path.IsPathRooted(path), path);
            Assert.StartsWith("../", path, StringComparison.Ordinal);
            Assert.Equal(Path.Combine(Repo.Root, "src", "LargeModelsCourse", "LargeModelsCourse.csproj"),
                Path.GetFullPath(Path.Combine(Path.GetDirectoryName(output)!, path)));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void Inside_the_checkout_the_project_path_is_relative_too()
    {
        var output = Path.Combine(Repo.Artifacts, "export-paths", "chapter.cs");
        Assert.Equal("../../../src/LargeModelsCourse/LargeModelsCourse.csproj", ProjectLine(output));
    }
}
