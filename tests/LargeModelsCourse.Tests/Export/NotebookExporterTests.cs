using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Export;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Kernel;
using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.Export;

/// <summary>
/// <c>course export</c>: a chapter-like notebook becomes a file-based app that reads like the chapter and
/// that <c>dotnet run</c> executes. The exported files live at stable paths under artifacts/tests/export,
/// because dotnet caches each file-based app's build (with libtorch's natives) by the file's path.
/// </summary>
public sealed class NotebookExporterTests
{
    private static string Folder => Path.Combine(Repo.Artifacts, "export");

    /// <summary>A small chapter: packages, usings in two cells, a function, a record, a chart, a redeclared variable.</summary>
    private static NotebookDocument SmallChapter()
    {
        static JsonObject Code(string source) => new() { ["cell_type"] = "code", ["metadata"] = new JsonObject(), ["source"] = source, ["outputs"] = new JsonArray(), ["execution_count"] = null };
        static JsonObject Markdown(string source) => new() { ["cell_type"] = "markdown", ["metadata"] = new JsonObject(), ["source"] = source };
        var notebook = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = CourseKernelSpec.KernelspecJson() },
            ["cells"] = new JsonArray(
                Markdown("# A small chapter\n\nWe square three numbers and *plot* them."),
                Code("#r \"nuget: Plotly.NET.CSharp, 0.14.0\"\n#r \"nuget: LargeModelsCourse, " + LargeModelsCourse.Course.Version + "\"\nusing Plotly.NET.CSharp;\nusing LargeModelsCourse.Display;\nvar x = 41;\nConsole.WriteLine($\"x is {x}\");\nx + 1"),
                Code("using System.Globalization;\n/// <summary>v squared.</summary>\npublic static double Square(double v) => v * v;\nrecord Point(double X, double Y);\nvar points = new[] { new Point(1, Square(1)), new Point(2, Square(2)), new Point(3, Square(3)) };\nConsole.WriteLine(string.Join(\", \", points.Select(p => p.Y.ToString(CultureInfo.InvariantCulture))));"),
                Markdown("Now the chart."),
                Code("Chart.Line<double, double, string>(x: points.Select(p => p.X), y: points.Select(p => p.Y))"),
                Code("var x = \"redeclared\";\nConsole.WriteLine(x.ToUpperInvariant());\nKeyResult.Show(\"answer\", 42.0, \"F1\");\nConsole.WriteLine(\"done\")")),
        };
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, "small-chapter.ipynb");
        File.WriteAllText(path, notebook.ToJsonString());
        return NotebookDocument.Load(path);
    }

    [Fact]
    public void ExportedChapterReadsLikeTheNotebook()
    {
        var chapter = NotebookExporter.Export(SmallChapter(), Path.Combine(Folder, "small-chapter.cs"));
        var text = chapter.Text;
        var lines = text.Split('\n');
        Assert.StartsWith(NotebookExporter.Marker, lines[0], StringComparison.Ordinal);
        var plotlyVersion = BundledPackages.Shipped.Resolve("Plotly.NET.CSharp", null).Version;
        Assert.Contains($"#:package Plotly.NET.CSharp@{plotlyVersion}", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("#:package LargeModelsCourse", StringComparison.Ordinal));
        Assert.Contains("#:project ../../../src/LargeModelsCourse/LargeModelsCourse.csproj", lines);
        Assert.Contains("#:property NoWarn=$(NoWarn);NU1603", lines);
        Assert.Contains("using static LargeModelsCourse.Display.Notebook;", lines);

        // Every using (from any cell) comes before the first statement, each once.
        var lastUsing = Array.FindLastIndex(lines, l => l.StartsWith("using ", StringComparison.Ordinal));
        var firstStatement = Array.FindIndex(lines, l => l.StartsWith("var x = 41;", StringComparison.Ordinal));
        Assert.True(lastUsing < firstStatement, text);
        Assert.Single(lines, l => l == "using System.Globalization;");
        Assert.Single(lines, l => l == "using Plotly.NET.CSharp;");

        Assert.Contains("display(x + 1);", lines);
        Assert.Contains("display(Chart.Line<double, double, string>(x: points.Select(p => p.X), y: points.Select(p => p.Y)));", lines);
        Assert.Contains("Console.WriteLine(\"done\");", lines);
        Assert.Contains("static double Square(double v) => v * v;", lines);
        Assert.Contains("/// <summary>v squared.</summary>", lines);
        Assert.Contains("var x_2 = \"redeclared\";", lines);
        Assert.Contains("Console.WriteLine(x_2.ToUpperInvariant());", lines);
        Assert.Contains("// (this cell declares x again: a notebook may, one C# file may not, so here it is x_2)", lines);
        Assert.Contains("// # A small chapter", lines);
        Assert.Contains("// We square three numbers and *plot* them.", lines);
        // Types go after every statement.
        Assert.True(Array.IndexOf(lines, "record Point(double X, double Y);") > Array.IndexOf(lines, "Console.WriteLine(\"done\");"));
        Assert.Empty(chapter.Notes);
    }

    [Fact]
    public void ExportRefusesOtherLanguagesAndForeignFiles()
    {
        var path = Path.Combine(Folder, "fsharp.ipynb");
        Directory.CreateDirectory(Folder);
        File.WriteAllText(path, """{"nbformat":4,"nbformat_minor":5,"metadata":{},"cells":[{"cell_type":"code","metadata":{},"source":"#!fsharp\nlet x = 1","outputs":[],"execution_count":null}]}""");
        var error = Assert.Throws<ExportException>(() => NotebookExporter.Export(NotebookDocument.Load(path), Path.Combine(Folder, "fsharp.cs")));
        Assert.Contains("cell 1 is fsharp", error.Message, StringComparison.Ordinal);

        var foreign = Path.Combine(Folder, "mine.cs");
        File.WriteAllText(foreign, "Console.WriteLine(\"my own program\");\n");
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(new StringWriter()) });
        SmallChapter();
        Assert.Equal(2, ExportCommand.Run(console, Path.Combine(Folder, "small-chapter.ipynb"), foreign, force: false));
        Assert.Equal("Console.WriteLine(\"my own program\");\n", File.ReadAllText(foreign));
    }

    /// <summary>Exports and runs with `dotnet run` (the first run restores and builds: minutes).</summary>
    [Fact]
    public async Task ExportedChapterRunsWithDotnetRun()
    {
        var output = Path.Combine(Folder, "small-chapter.cs");
        var charts = Path.Combine(Folder, "charts", "small-chapter");
        if (Directory.Exists(charts)) Directory.Delete(charts, recursive: true);
        File.WriteAllText(output, NotebookExporter.Export(SmallChapter(), output).Text);

        var (exit, stdout, stderr) = await ExternalProcess.RunAsync("dotnet", ["run", "small-chapter.cs"], Folder, TimeSpan.FromMinutes(20));
        Assert.True(exit == 0, $"dotnet run failed ({exit}):\n{stdout}\n{stderr}");
        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("x is 41", lines);
        Assert.Contains("42", lines);
        Assert.Contains("1, 4, 9", lines);
        Assert.Contains("REDECLARED", lines);
        Assert.Contains("answer = 42.0", lines);
        Assert.Equal("done", lines.Last(l => l.Length > 0));
        var chartFile = Path.Combine(charts, "chart-01.html");
        Assert.Contains(lines, l => l.StartsWith("Plotly chart", StringComparison.Ordinal) && l.EndsWith(chartFile, StringComparison.Ordinal));
        var html = File.ReadAllText(chartFile);
        Assert.Contains("\"y\":[1.0,4.0,9.0]", html, StringComparison.Ordinal);
        Assert.Contains("window.Plotly", html, StringComparison.Ordinal);

        // The course's first chapter exports and runs the same way, its exercise checks fed from its solutions file.
        var startHere = Path.Combine(Repo.Notebooks, "00-start-here.ipynb");
        var exported = Path.Combine(Folder, "00-start-here.cs");
        File.WriteAllText(exported, NotebookExporter.Export(NotebookDocument.Load(startHere), exported).Text);
        var run = await ExternalProcess.RunAsync("dotnet", ["run", "00-start-here.cs"], Folder, TimeSpan.FromMinutes(30));
        Assert.True(run.ExitCode == 0, $"dotnet run 00-start-here.cs failed ({run.ExitCode}):\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("Exercise 0.1 The mean of x: ⏳ not yet", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("solution not checked", run.Stdout, StringComparison.Ordinal);
    }
}
