using System.Text.Json;
using LargeModelsCourse.Processes;
using LargeModelsCourse.Tests.Book;
using LargeModelsCourse.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace LargeModelsCourse.Tests.FrontEnds;

/// <summary>
/// Students hand in homework as nbconvert's HTML export. Debian's nbconvert (6.5) loads require.js from the
/// system's libjs-requirejs in both its templates, the page that captured plotly.js before: an executed chapter,
/// exported with the default (lab) and the classic template and opened with the network cut off, draws every
/// chart, and the course's outputs log no error. Reuses the chapter executions the chapter tests make.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NbconvertExportTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Nbconvert = "/usr/bin/jupyter-nbconvert";

    [Theory]
    [InlineData("00", "lab")]
    [InlineData("00", "classic")]
    [InlineData("06", "lab")]
    [InlineData("06", "classic")]
    public async Task An_exported_chapter_draws_every_chart_offline(string chapter, string template)
    {
        Assert.True(File.Exists(Nbconvert), $"{Nbconvert} is missing: run scripts/setup.sh (it installs Debian's jupyter-nbconvert)");
        var executed = ExecutedCourse.Get(chapter);
        var charts = executed.CountMime(LargeModelsCourse.Display.MimeBundle.PlotlyJson)
                     + executed.Outputs.Count(o => o["data"]?[LargeModelsCourse.Display.MimeBundle.Html]?.ToString().Contains("lmc-training", StringComparison.Ordinal) == true
                                                   && o["data"]?[LargeModelsCourse.Display.MimeBundle.Html]?.ToString().Contains("lmc-plot", StringComparison.Ordinal) == true);
        Assert.True(charts >= 3, $"chapter {chapter} should show at least three charts; it has {charts}");

        var folder = Path.Combine(Repo.Artifacts, "nbconvert", $"{chapter}-{template}");
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var notebook = Path.Combine(folder, $"{chapter}.ipynb");
        await File.WriteAllTextAsync(notebook, executed.Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        var run = ChildProcess.Run(Nbconvert, ["--to", "html", "--template", template, "--output-dir", folder, notebook], TimeSpan.FromMinutes(2), captureLimit: 100_000);
        Assert.True(run.ExitCode == 0, $"nbconvert failed ({run.ExitCode}):\n{run.Output}\n{run.Error}");
        var html = Path.Combine(folder, $"{chapter}.html");
        output.WriteLine($"{Path.GetFileName(html)}: {new FileInfo(html).Length:N0} bytes");
        Assert.True(File.ReadAllText(html).Split(LargeModelsCourse.Display.PlotlyOutput.LibraryMarker).Length - 1 == 1,
            "plotly.js should travel exactly once in the export");

        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        await tab.Page.GotoAsync(new Uri(html).AbsoluteUri);
        var drawn = await CourseChart.WaitDrawnAsync(tab.Page.MainFrame, charts, TimeSpan.FromSeconds(30));
        Assert.True(drawn.Count == charts, $"{charts} charts expected in the export, {drawn.Count} found");
        Assert.True(drawn.All(c => c.Drawn), "not drawn:\n" + string.Join("\n", drawn.Where(c => !c.Drawn)));
        // nbconvert's own page asks for MathJax (absent without libjs-mathjax, or blocked): not the course's doing.
        var ours = tab.Errors.Where(e => !FromTheTemplate(e)).ToList();
        Assert.True(ours.Count == 0, "console errors:\n" + string.Join("\n", ours));
        Assert.DoesNotContain(tab.BlockedRequests, r => r.Contains("plot", StringComparison.OrdinalIgnoreCase));
    }

    private static bool FromTheTemplate(string error) =>
        error.StartsWith("console: Failed to load resource", StringComparison.Ordinal) || error.Contains("MathJax", StringComparison.Ordinal);
}
