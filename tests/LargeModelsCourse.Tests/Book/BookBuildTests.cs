using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LargeModelsCourse.Runner.Book;
using Spectre.Console;
using Xunit;

namespace LargeModelsCourse.Tests.Book;

/// <summary>Building the book: what it writes, and the clear errors it gives for input it cannot use.</summary>
public sealed class BookBuildTests : IDisposable
{
    private readonly string scratch = Path.Combine(BookSite.Artifacts, "scratch-" + Guid.NewGuid().ToString("N")[..8]);

    public BookBuildTests() => Directory.CreateDirectory(scratch);

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(scratch, name)).FullName;

    private BookResult Build(string executed, string? nodeModules = null) =>
        BookBuilder.Build(new BookOptions(executed, Path.Combine(scratch, "site"), nodeModules ?? BookSite.NodeModules));

    private static JsonObject FixtureJson(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(BookSite.FixtureNotebooks, name)))!.AsObject();

    [Fact]
    public void AMissingExecutedFolderSaysToRunCourseRun()
    {
        var missing = Path.Combine(scratch, "executed");
        var error = Assert.Throws<BookBuildException>(() => Build(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist: run `course run` first", error.Message, StringComparison.Ordinal);
        Assert.Contains("--executed", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(scratch, "site")));
    }

    [Fact]
    public void AnEmptyExecutedFolderSaysToRunCourseRun()
    {
        var error = Assert.Throws<BookBuildException>(() => Build(Folder("executed")));
        Assert.Contains("holds no .ipynb files: run `course run` first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedJsonNamesTheFile()
    {
        var executed = Folder("executed");
        File.Copy(Path.Combine(BookSite.FixtureNotebooks, "01-fixture-basics.ipynb"), Path.Combine(executed, "01-fixture-basics.ipynb"));
        File.WriteAllText(Path.Combine(executed, "02-broken.ipynb"), "{ \"cells\": [ { \"cell_type\": \"code\", ");
        var error = Assert.Throws<BookBuildException>(() => Build(executed));
        Assert.Contains("02-broken.ipynb", error.Message, StringComparison.Ordinal);
        Assert.Contains("JSON is malformed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANotebookThatNeverRanIsRefused()
    {
        // The source notebook, as it is before `course run`: no outputs, execution_count null.
        var notebooks = Folder("notebooks");
        File.Copy(Path.Combine(BookSite.FixtureNotebooks, "..", "source", "01-fixture-basics.ipynb"), Path.Combine(notebooks, "01-fixture-basics.ipynb"));
        var error = Assert.Throws<BookBuildException>(() => Build(notebooks));
        Assert.Contains("01-fixture-basics.ipynb has not been executed: run `course run` first", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingKatexSaysToRunSetup()
    {
        var error = Assert.Throws<BookBuildException>(() => Build(BookSite.FixtureNotebooks, Folder("node_modules")));
        Assert.Contains("katex is not installed", error.Message, StringComparison.Ordinal);
        Assert.Contains("run scripts/setup.sh, or `npm ci`", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFolderTheBookDidNotWriteIsNeverReplacedButAnEarlierBookIs()
    {
        var site = Folder("site");
        File.WriteAllText(Path.Combine(site, "notes.txt"), "mine");
        var error = Assert.Throws<BookBuildException>(() => Build(BookSite.FixtureNotebooks));
        Assert.Contains("did not write", error.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(site, "notes.txt")));

        File.Delete(Path.Combine(site, "notes.txt"));
        Build(BookSite.FixtureNotebooks);
        File.WriteAllText(Path.Combine(site, "stale.html"), "from a chapter that was removed");
        var again = Build(BookSite.FixtureNotebooks);
        Assert.False(File.Exists(Path.Combine(site, "stale.html")));
        Assert.True(File.Exists(again.IndexPath));
        Assert.Empty(Directory.GetDirectories(scratch, "site.building-*"));
    }

    [Fact]
    public void APartlyExecutedNotebookIsBuiltWithAWarning()
    {
        var executed = Folder("executed");
        var notebook = FixtureJson("01-fixture-basics.ipynb");
        var last = notebook["cells"]!.AsArray().OfType<JsonObject>().Last(c => c["cell_type"]!.GetValue<string>() == "code");
        last["execution_count"] = null;
        last["outputs"] = new JsonArray();
        File.WriteAllText(Path.Combine(executed, "01-fixture-basics.ipynb"), notebook.ToJsonString());
        var book = Build(executed);
        Assert.Contains(book.Warnings, w => w.StartsWith("01-fixture-basics: stopped at cell", StringComparison.Ordinal) && w.Contains("1 code cell(s) after it", StringComparison.Ordinal));
    }

    [Fact]
    public void TheSiteHasAPagePerChapterTheContentsTheWholeBookAndOneCopyOfEachLibrary()
    {
        var book = Build(BookSite.FixtureNotebooks);
        var site = book.OutputFolder;
        string[] expected =
        [
            "01-fixture-basics.html", "02-fixture-edge-cases.html", "all.html", "index.html",
            "assets/book.css", "assets/book.js", "assets/katex/katex.min.js", "assets/katex/katex.min.css",
            "assets/katex/contrib/auto-render.min.js", "assets/katex/fonts/KaTeX_Main-Regular.woff2", "assets/katex/LICENSE",
            "assets/highlight/highlight.min.js", "assets/highlight/github.min.css", "assets/highlight/LICENSE",
            $"assets/plotly/plotly-{LargeModelsCourse.Display.PlotlyOutput.LibraryVersion}.min.js", "assets/plotly/LICENSE.txt",
            "assets/search.js", "search-index.js",
        ];
        foreach (var file in expected) Assert.True(File.Exists(Path.Combine(site, file)), $"{file} is missing");
        Assert.Equal(LargeModelsCourse.Display.PlotlyOutput.LibrarySource, File.ReadAllText(Path.Combine(site, expected[14])));
        Assert.Equal(2, book.Charts);
        Assert.Equal(["01", "02"], book.Chapters.Select(c => c.Number));
        Assert.Empty(book.Warnings);
    }

    [Fact]
    public void TextOutputsAreEscapedAndChartsComeFromTheirJsonNotTheNotebookHtml()
    {
        var book = Build(BookSite.FixtureNotebooks);
        var edge = File.ReadAllText(Path.Combine(book.OutputFolder, "02-fixture-edge-cases.html"));
        Assert.Contains("<pre class=\"output output-text\">&lt;script&gt;alert(1)&lt;/script&gt;</pre>", edge, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(2)&gt; &amp; &lt;b&gt;not bold&lt;/b&gt;", edge, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", edge, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", edge, StringComparison.Ordinal);

        var basics = File.ReadAllText(Path.Combine(book.OutputFolder, "01-fixture-basics.html"));
        // The notebook's chart HTML (its own drawing script) is not used; the figure JSON is, with '<' escaped.
        Assert.DoesNotContain("lmc-plot-", basics, StringComparison.Ordinal);
        Assert.Contains("<script type=\"application/json\" id=\"figure-1\">{\"data\":[{\"type\":\"scatter\"", basics, StringComparison.Ordinal);
    }

    [Fact]
    public void LinksBetweenNotebooksBecomeLinksBetweenPages()
    {
        var book = Build(BookSite.FixtureNotebooks);
        var basics = File.ReadAllText(Path.Combine(book.OutputFolder, "01-fixture-basics.html"));
        var edge = File.ReadAllText(Path.Combine(book.OutputFolder, "02-fixture-edge-cases.html"));
        Assert.Contains("<a href=\"02-fixture-edge-cases.html\">the edge cases</a>", basics, StringComparison.Ordinal);
        Assert.Contains("<a href=\"01-fixture-basics.html#mean-squared-error\">the first fixture</a>", edge, StringComparison.Ordinal);
        // On the whole-book page the same heading carries its chapter's prefix.
        Assert.Contains("id=\"01-fixture-basics--mean-squared-error\"", File.ReadAllText(Path.Combine(book.OutputFolder, "all.html")), StringComparison.Ordinal);
    }

    [Fact]
    public void CellTagsShapeWhatTheBookShows()
    {
        var executed = Folder("executed");
        var notebook = FixtureJson("01-fixture-basics.ipynb");
        var code = notebook["cells"]!.AsArray().OfType<JsonObject>().Where(c => c["cell_type"]!.GetValue<string>() == "code").ToList();
        code[1]["metadata"]!["tags"] = new JsonArray("remove-cell");
        code[2]["metadata"]!["tags"] = new JsonArray("hide-input");
        code[3]["metadata"]!["tags"] = new JsonArray("remove-input");
        File.WriteAllText(Path.Combine(executed, "01-fixture-basics.ipynb"), notebook.ToJsonString());
        var html = File.ReadAllText(Path.Combine(Build(executed).OutputFolder, "01-fixture-basics.html"));
        Assert.DoesNotContain("squared errors:", html, StringComparison.Ordinal);
        Assert.Contains("<details class=\"cell-fold\"><summary>Show the code</summary>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exercise 1.1 is answered", html, StringComparison.Ordinal);
        Assert.Contains("Exercise 1.1 Mean absolute error", html, StringComparison.Ordinal);
    }

    [Fact]
    public void TheContentsPageGivesEachChaptersCoreAndFullLengthAndLinksItsDeepDives()
    {
        var executed = Folder("executed");
        var notebook = FixtureJson("01-fixture-basics.ipynb");
        var curve = notebook["cells"]!.AsArray().OfType<JsonObject>().Single(c => c["id"]!.GetValue<string>() == "cell-05");
        curve["source"] = "## A loss curve (deep dive)\n\nOptional: the loss as the weight moves.";
        curve["metadata"]!["tags"] = new JsonArray("deep-dive");
        File.WriteAllText(Path.Combine(executed, "01-fixture-basics.ipynb"), notebook.ToJsonString());
        File.Copy(Path.Combine(BookSite.FixtureNotebooks, "02-fixture-edge-cases.ipynb"), Path.Combine(executed, "02-fixture-edge-cases.ipynb"));
        var book = Build(executed);
        var index = File.ReadAllText(book.IndexPath);

        // Nine slides in all; the deep dive (its heading and its code cell) is two of them.
        Assert.Contains("data-core=\"7\" data-full=\"9\">core 7 slides &#183; full 9 slides</p>", index, StringComparison.Ordinal);
        Assert.Contains("<li data-cell=\"cell-05\"><span class=\"deep-dive-mark\">deep dive</span> <a href=\"01-fixture-basics.html#a-loss-curve-deep-dive\">A loss curve</a> <span class=\"deep-dive-length\">2 slides</span></li>",
            index, StringComparison.Ordinal);
        Assert.Contains("id=\"a-loss-curve-deep-dive\"", File.ReadAllText(Path.Combine(book.OutputFolder, "01-fixture-basics.html")), StringComparison.Ordinal);
        // A chapter without deep dives is all core, and lists none.
        Assert.Matches("data-core=\"(\\d+)\" data-full=\"\\1\">\\d+ slides, no deep dives</p>", index);
        Assert.Single(Regex.Matches(index, "class=\"toc-deep-dives\""));
    }

    [Theory]
    [InlineData("Why so slow? (deep dive)", "Why so slow?")]
    [InlineData("规模增长有多快（深入阅读）", "规模增长有多快")]
    [InlineData("规模增长有多快 (deep dive)", "规模增长有多快")]
    [InlineData("(deep dive)", "(deep dive)")]
    [InlineData("A dive (deeper)", "A dive (deeper)")]
    public void TheContentsPageTakesTheDeepDiveMarkOffHeadingsItMarksItself(string heading, string shown) =>
        Assert.Equal(shown, IndexPage.WithoutMark(heading));

    [Fact]
    public void TheCommandReportsAnErrorAndExitsWithOne()
    {
        var output = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output), ColorSystem = ColorSystemSupport.NoColors });
        var code = BookCommand.Run(terminal, new BookOptions(Path.Combine(scratch, "nowhere"), Path.Combine(scratch, "site"), BookSite.NodeModules));
        Assert.Equal(1, code);
        Assert.Contains("The book was not built", output.ToString(), StringComparison.Ordinal);

        output.GetStringBuilder().Clear();
        Assert.Equal(0, BookCommand.Run(terminal, new BookOptions(BookSite.FixtureNotebooks, Path.Combine(scratch, "site"), BookSite.NodeModules)));
        Assert.Contains("Book: 2 chapter(s), 2 chart(s)", output.ToString(), StringComparison.Ordinal);
    }
}
