using System.Text.Json;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Support;
using Microsoft.Playwright;
using Xunit;

namespace LargeModelsCourse.Tests.Book;

/// <summary>
/// The book built from the fixture notebooks (tests/fixtures/book), opened from disk in Chromium with the
/// network blocked, as a student reads it on a laptop without a connection.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FixtureBookBrowserTests(BrowserFixture browser)
{
    private static string Page(string name) => Path.Combine(BookSite.FixtureBook.OutputFolder, name);

    [Fact]
    public async Task EveryPageLoadsOfflineWithoutErrors()
    {
        var pages = BookSite.Pages(BookSite.FixtureBook);
        Assert.Equal(["01-fixture-basics.html", "02-fixture-edge-cases.html", "all.html", "index.html"], pages.Select(Path.GetFileName));
        foreach (var file in pages)
        {
            await using var tab = await OfflinePage.OpenAsync(browser.Browser);
            await tab.GoAsync(file);
            Assert.True(tab.Errors.Count == 0, $"{Path.GetFileName(file)}: {string.Join("\n", tab.Errors)}");
            Assert.True(tab.BlockedRequests.Count == 0, $"{Path.GetFileName(file)} tried to reach the network: {string.Join(", ", tab.BlockedRequests)}");
            Assert.Empty(tab.Dialogs);
        }
    }

    [Fact]
    public async Task EveryChartRendersWithItsTraces()
    {
        var charts = 0;
        foreach (var file in BookSite.Pages(BookSite.FixtureBook))
        {
            await using var tab = await OfflinePage.OpenAsync(browser.Browser);
            await tab.GoAsync(file);
            foreach (var chart in await ChartStates(tab.Page))
            {
                charts++;
                Assert.True(chart.State == "drawn", $"{Path.GetFileName(file)} {chart.Id}: state {chart.State}");
                Assert.True(chart.Svg, $"{Path.GetFileName(file)} {chart.Id}: no .main-svg");
                Assert.True(chart.DataTraces > 0, $"{Path.GetFileName(file)} {chart.Id}: no data traces");
                Assert.True(chart.DrawnTraces >= chart.DataTraces, $"{Path.GetFileName(file)} {chart.Id}: {chart.DrawnTraces} of {chart.DataTraces} traces drawn");
            }
        }
        // Two charts in the chapters, and the same two again on the whole-book page.
        Assert.Equal(4, charts);
    }

    [Fact]
    public async Task PlotlyIsCopiedOnceAndEveryChartPageUsesThatCopy()
    {
        var book = BookSite.FixtureBook;
        var copies = Directory.GetFiles(book.OutputFolder, "plotly*.js", SearchOption.AllDirectories);
        Assert.Single(copies);
        var reference = Path.GetRelativePath(book.OutputFolder, copies[0]).Replace('\\', '/');
        foreach (var file in BookSite.Pages(book))
        {
            var html = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("cdn.plot.ly", html, StringComparison.Ordinal);
            Assert.DoesNotContain("cdn.jsdelivr", html, StringComparison.Ordinal);
            // Nothing a page loads comes from elsewhere: no CDN, no web font, no remote script.
            Assert.DoesNotMatch("<(script|link)[^>]+(src|href)=\"(https?:)?//", html);
            // plotly.js itself (megabytes) never travels inside a page: charts are drawn from their JSON.
            Assert.True(new FileInfo(file).Length < 500_000, $"{Path.GetFileName(file)} is {new FileInfo(file).Length} bytes");
            if (html.Contains("class=\"plotly-chart\"", StringComparison.Ordinal))
                Assert.Contains($"<script defer src=\"{reference}\"></script>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FormulasRenderWithKatex()
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        await tab.GoAsync(Page("01-fixture-basics.html"));
        var math = await tab.Page.Locator(".math").CountAsync();
        var rendered = await tab.Page.Locator(".math .katex").CountAsync();
        Assert.True(math >= 4, $"only {math} formulas found");
        Assert.Equal(math, rendered);
        Assert.Equal(1, await tab.Page.Locator("div.math .katex-display").CountAsync());
        Assert.Equal(0, await tab.Page.Locator(".katex-error").CountAsync());
        // KaTeX's fonts came from the site's assets, not the network.
        Assert.True(await tab.Page.EvaluateAsync<bool>("document.fonts.check('16px KaTeX_Main')"));

        // The contents page renders the formula inside a learning goal too.
        await tab.GoAsync(Page("index.html"));
        Assert.True(await tab.Page.Locator(".goals .katex").CountAsync() >= 1);
    }

    [Fact]
    public async Task NavigationLinksResolveToPagesAndAnchorsThatExist()
    {
        var ids = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var links = new List<(string From, string Href)>();
        foreach (var file in BookSite.Pages(BookSite.FixtureBook))
        {
            await using var tab = await OfflinePage.OpenAsync(browser.Browser);
            await tab.GoAsync(file);
            ids[Path.GetFileName(file)] = (await tab.Page.EvaluateAsync<string[]>("[...document.querySelectorAll('[id]')].map(e => e.id)")).ToHashSet(StringComparer.Ordinal);
            foreach (var href in await tab.Page.EvaluateAsync<string[]>("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"))
                links.Add((Path.GetFileName(file), href));
        }
        Assert.NotEmpty(links);
        foreach (var (from, href) in links)
        {
            Assert.False(href.StartsWith("http", StringComparison.Ordinal), $"{from} links out of the book: {href}");
            Assert.DoesNotContain(".ipynb", href, StringComparison.Ordinal);
            var hash = href.IndexOf('#');
            var path = hash < 0 ? href : href[..hash];
            var target = path.Length == 0 ? from : path;
            Assert.True(File.Exists(Path.Combine(BookSite.FixtureBook.OutputFolder, target)), $"{from} links to {href}, which does not exist");
            if (hash >= 0 && target.EndsWith(".html", StringComparison.Ordinal))
                Assert.True(ids[target].Contains(href[(hash + 1)..]), $"{from} links to {href}, whose anchor does not exist");
        }

        // Previous / contents / next between chapters.
        await using var page = await OfflinePage.OpenAsync(browser.Browser);
        await page.GoAsync(Page("01-fixture-basics.html"));
        Assert.Equal(0, await page.Page.Locator(".chapter-nav a.prev").CountAsync());
        Assert.Equal("02-fixture-edge-cases.html", await page.Page.Locator(".chapter-nav a.next").GetAttributeAsync("href"));
        Assert.Equal("index.html", await page.Page.Locator(".chapter-nav a.contents").GetAttributeAsync("href"));
        await page.Page.Locator(".chapter-nav a.next").ClickAsync();
        await page.Page.WaitForURLAsync("**/02-fixture-edge-cases.html");
        Assert.Equal("01-fixture-basics.html", await page.Page.Locator(".chapter-nav a.prev").GetAttributeAsync("href"));
        Assert.Equal(0, await page.Page.Locator(".chapter-nav a.next").CountAsync());
    }

    [Fact]
    public async Task ContentsPageListsChaptersWithGoalsAndRunTimes()
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        await tab.GoAsync(Page("index.html"));
        var titles = await tab.Page.Locator(".toc-title").AllTextContentsAsync();
        Assert.Equal(["Fixture one: a loss and its chart", "Fixture two: outputs that must stay text"], titles);
        var goals = await tab.Page.Locator(".toc-chapter").Nth(0).Locator(".goals li").AllTextContentsAsync();
        Assert.Equal(3, goals.Count);
        Assert.Contains("how a loss curve is drawn with Plotly", goals);
        Assert.Equal(2, await tab.Page.Locator(".toc-chapter").Nth(1).Locator(".goals li").CountAsync());
        var runtimes = await tab.Page.Locator(".runtime").AllTextContentsAsync();
        Assert.Equal(2, runtimes.Count);
        Assert.All(runtimes, r => Assert.Matches(@"^runs in \d+(\.\d)? s$", r));
    }

    [Fact]
    public async Task PresentationModeMovesForwardAndBackWithTheKeyboard()
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser, 1600, 900);
        var page = tab.Page;
        await tab.GoAsync(Page("01-fixture-basics.html"));
        var slides = await page.Locator("article.chapter > .cell").CountAsync();
        Assert.True(slides >= 8, $"{slides} slides");
        // The "# title" cell with its goals and the "## Mean squared error" section are separate slides.
        Assert.Equal(1, await page.Locator("article.chapter > .cell-markdown").Filter(new() { Has = page.Locator("h2#mean-squared-error") }).CountAsync());

        await page.Keyboard.PressAsync("p");
        Assert.True(await page.EvaluateAsync<bool>("document.body.classList.contains('presenting')"));
        Assert.Equal(1, await CurrentSlide(page));
        Assert.Equal($"1 / {slides}", await page.Locator(".present-count").TextContentAsync());
        Assert.Equal(1, await VisibleCells(page));

        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal(2, await CurrentSlide(page));
        await page.Keyboard.PressAsync(" ");
        Assert.Equal(3, await CurrentSlide(page));
        await page.Keyboard.PressAsync("PageDown");
        Assert.Equal(4, await CurrentSlide(page));
        await page.Keyboard.PressAsync("ArrowLeft");
        Assert.Equal(3, await CurrentSlide(page));
        await page.Keyboard.PressAsync("PageUp");
        Assert.Equal(2, await CurrentSlide(page));
        Assert.Equal(1, await VisibleCells(page));
        // Slide 1 is the set-up cell, 2 the title with the goals, 3 the first ## section.
        Assert.Contains("What you will learn", await page.Locator(".slide-current").InnerTextAsync(), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.StartsWith("Mean squared error", await page.Locator(".slide-current").InnerTextAsync(), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("End");
        Assert.Equal(slides, await CurrentSlide(page));
        await page.Keyboard.PressAsync("ArrowRight");
        Assert.Equal(slides, await CurrentSlide(page));
        await page.Keyboard.PressAsync("Home");
        Assert.Equal(1, await CurrentSlide(page));

        // c hides the code: the code of the slide with the chart disappears, the chart stays.
        var chartSlide = await page.EvaluateAsync<int>("[...document.querySelectorAll('article.chapter > .cell')].findIndex(c => c.querySelector('.plotly-chart')) + 1");
        while (await CurrentSlide(page) < chartSlide) await page.Keyboard.PressAsync("ArrowRight");
        Assert.True(await page.Locator(".slide-current .cell-input").IsVisibleAsync());
        await page.Keyboard.PressAsync("c");
        Assert.False(await page.Locator(".slide-current .cell-input").IsVisibleAsync());
        Assert.True(await page.Locator(".slide-current .plotly-chart .main-svg").First.IsVisibleAsync());
        await SaveScreenshot(page, "fixture-presentation.png", fullPage: false);
        await page.Keyboard.PressAsync("c");
        Assert.True(await page.Locator(".slide-current .cell-input").IsVisibleAsync());

        await page.Keyboard.PressAsync("Escape");
        Assert.False(await page.EvaluateAsync<bool>("document.body.classList.contains('presenting')"));
        Assert.True(await VisibleCells(page) >= slides - 1);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task PresentationModePassesTheDeepDivesByUntilDBringsThemBack()
    {
        // Fixture one with its loss-curve section made a deep dive: its heading and its code cell are two of nine slides.
        var executed = Directory.CreateDirectory(Path.Combine(BookSite.Artifacts, "deep-dive-executed")).FullName;
        var notebook = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(BookSite.FixtureNotebooks, "01-fixture-basics.ipynb")))!.AsObject();
        var curve = notebook["cells"]!.AsArray().OfType<System.Text.Json.Nodes.JsonObject>().Single(c => c["id"]!.GetValue<string>() == "cell-05");
        curve["source"] = "## A loss curve (deep dive)\n\nOptional: the loss as the weight moves.";
        curve["metadata"]!["tags"] = new System.Text.Json.Nodes.JsonArray("deep-dive");
        File.WriteAllText(Path.Combine(executed, "01-fixture-basics.ipynb"), notebook.ToJsonString());
        var book = BookSite.Build(executed, "deep-dive-site");
        var length = ChapterLength.Of(NotebookDocument.Load(Path.Combine(executed, "01-fixture-basics.ipynb")));
        Assert.Equal((7, 9), (length.CoreSlides, length.FullSlides));

        await using var tab = await OfflinePage.OpenAsync(browser.Browser, 1600, 900);
        var page = tab.Page;
        await tab.GoAsync(Path.Combine(book.OutputFolder, "01-fixture-basics.html"));
        await page.Keyboard.PressAsync("p");
        Assert.StartsWith($"1 / {length.CoreSlides} · core only", await page.Locator(".present-count").TextContentAsync(), StringComparison.Ordinal);
        var seen = new List<string>();
        for (var i = 0; i < length.CoreSlides; i++)
        {
            seen.Add(await page.Locator(".slide-current").First.InnerTextAsync());
            Assert.Equal(0, await page.Locator(".slide-current[data-deep-dive]").CountAsync());
            await page.Keyboard.PressAsync("ArrowRight");
        }
        Assert.DoesNotContain(seen, s => s.StartsWith("A loss curve", StringComparison.Ordinal));

        // d brings the deep dive back: going through the chapter now stops on its heading.
        await page.Keyboard.PressAsync("d");
        Assert.Contains("with deep dives", await page.Locator(".present-count").TextContentAsync(), StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Home");
        var stops = 0;
        var sawDeepDive = false;
        for (var i = 0; i < length.FullSlides; i++)
        {
            sawDeepDive |= (await page.Locator(".slide-current").First.InnerTextAsync()).StartsWith("A loss curve", StringComparison.Ordinal);
            stops++;
            await page.Keyboard.PressAsync("ArrowRight");
        }
        Assert.True(sawDeepDive, "with d pressed, presentation mode never showed the deep dive");
        Assert.Equal($"{length.FullSlides} / {length.FullSlides} · with deep dives · d leaves them out", await page.Locator(".present-count").TextContentAsync());
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task PresentationModeShowsTheSlidesTheSlideRuleGives()
    {
        // The same rule writes the notebooks' Jupyter slideshow metadata, so nbconvert --to slides cuts the same slides.
        var source = NotebookDocument.Load(Path.Combine(Repo.Fixtures, "book", "source", "02-fixture-edge-cases.ipynb"));
        var slides = SlideRule.For(source).Count(SlideRule.StartsSlide);
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        await tab.GoAsync(Page("02-fixture-edge-cases.html"), "?present=2");
        Assert.Equal($"2 / {slides}", await tab.Page.Locator(".present-count").TextContentAsync());
        // The title cell holds "# …" and "## What you will learn": two sections of the page, one slide, as in Jupyter.
        Assert.True(await tab.Page.Locator("article.chapter > .cell").CountAsync() > slides);
        Assert.Equal(2, await tab.Page.Locator(".slide-current").CountAsync());
        Assert.StartsWith("Fixture two", await tab.Page.Locator(".slide-current").Nth(0).InnerTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("What you will learn", await tab.Page.Locator(".slide-current").Nth(1).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await VisibleCells(tab.Page));
        await tab.Page.Keyboard.PressAsync("End");
        Assert.Equal($"{slides} / {slides}", await tab.Page.Locator(".present-count").TextContentAsync());
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task PresentationModeOpensFromTheUrlAndTheButton()
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        await tab.GoAsync(Page("02-fixture-edge-cases.html"), "?present=3");
        Assert.True(await tab.Page.EvaluateAsync<bool>("document.body.classList.contains('presenting')"));
        Assert.Equal(3, await CurrentSlide(tab.Page));
        Assert.StartsWith("Text that looks like HTML", await tab.Page.Locator(".slide-current").InnerTextAsync(), StringComparison.Ordinal);
        await tab.Page.Keyboard.PressAsync("p");
        Assert.False(await tab.Page.EvaluateAsync<bool>("document.body.classList.contains('presenting')"));

        await tab.Page.Locator(".topbar [data-action='present']").ClickAsync();
        Assert.True(await tab.Page.EvaluateAsync<bool>("document.body.classList.contains('presenting')"));
        await tab.Page.Locator(".present-bar [data-action='next']").ClickAsync();
        await tab.Page.Locator(".present-bar [data-action='present']").ClickAsync();
        Assert.False(await tab.Page.EvaluateAsync<bool>("document.body.classList.contains('presenting')"));
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task ScriptInATextOutputIsShownAsTextAndNeverRuns()
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        var page = tab.Page;
        await tab.GoAsync(Page("02-fixture-edge-cases.html"));
        var texts = await page.Locator("pre.output-text, pre.output-stream").AllInnerTextsAsync();
        Assert.Contains(texts, t => t.Contains("<script>alert(1)</script>", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("<img src=x onerror=alert(2)> & <b>not bold</b>", StringComparison.Ordinal));
        // No element came out of those outputs: no script with alert, no img with src=x, no bold.
        Assert.Equal(0, await page.EvaluateAsync<int>("[...document.scripts].filter(s => s.textContent.includes('alert(')).length"));
        Assert.Equal(0, await page.Locator(".cell-outputs img[src='x'], .cell-outputs b:text('not bold')").CountAsync());
        // Terminal colour codes are stripped; stderr is kept apart.
        Assert.Contains(texts, t => t.Contains("green and bold, then plain", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, t => t.Contains("[1;32m", StringComparison.Ordinal) || t.Contains('\u001b'));
        Assert.Equal("a warning on stderr", (await page.Locator("pre.output-stderr").InnerTextAsync()).Trim());
        // The failing cell's error, with < and > shown literally.
        Assert.Contains("InvalidOperationException: line 1: the <loss> became NaN at step 12", await page.Locator(".output-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(tab.Dialogs);
        Assert.Empty(tab.Errors);
    }

    [Fact]
    public async Task TablesAndImagesAreShownAsTheNotebookHasThem()
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        var page = tab.Page;
        await tab.GoAsync(Page("02-fixture-edge-cases.html"));
        Assert.True(await page.Locator(".output-html table").CountAsync() >= 1);
        Assert.Contains("Adam", await page.Locator(".output-html table").First.InnerTextAsync(), StringComparison.Ordinal);
        var image = page.Locator(".output-image img");
        Assert.Equal(1, await image.CountAsync());
        Assert.Equal(16, await image.EvaluateAsync<int>("img => img.naturalWidth"));
        Assert.Equal("<a 16×8 gradient image>", await image.GetAttributeAsync("alt"));
    }

    [Fact]
    public async Task ExerciseChecksShowAndSolutionsStayFoldedUntilOpened()
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        var page = tab.Page;
        await tab.GoAsync(Page("01-fixture-basics.html"));
        var exercises = page.Locator(".lmc-exercise");
        Assert.Equal(2, await exercises.CountAsync());
        Assert.Contains("correct", await exercises.Nth(0).InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("not yet", await exercises.Nth(1).InnerTextAsync(), StringComparison.Ordinal);
        var solution = exercises.Nth(0).Locator("details.lmc-solution");
        Assert.Null(await solution.GetAttributeAsync("open"));
        Assert.False(await solution.Locator("pre").IsVisibleAsync());
        await solution.Locator("summary").ClickAsync();
        Assert.True(await solution.Locator("pre").IsVisibleAsync());
        Assert.Contains("Math.Abs", await solution.Locator("pre").InnerTextAsync(), StringComparison.Ordinal);
        // The solution's code is coloured like every other piece of C#.
        Assert.True(await solution.Locator("code.hljs").CountAsync() == 1);
        Assert.True(await page.Locator(".cell-input code.hljs .hljs-keyword").CountAsync() > 0);
    }

    [Fact]
    public async Task ScreenshotsOfTheContentsAndAChartPage()
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        await tab.GoAsync(Page("index.html"));
        await SaveScreenshot(tab.Page, "fixture-index.png", fullPage: true);
        await tab.GoAsync(Page("01-fixture-basics.html"));
        await SaveScreenshot(tab.Page, "fixture-chart-page.png", fullPage: true);
        await tab.GoAsync(Page("02-fixture-edge-cases.html"));
        await SaveScreenshot(tab.Page, "fixture-outputs-page.png", fullPage: true);
        Assert.True(new FileInfo(Path.Combine(BookSite.Artifacts, "fixture-chart-page.png")).Length > 10_000);
    }

    [Fact]
    public async Task PrintingOpensFoldedSolutionsAndHidesNavigation()
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        var page = tab.Page;
        await tab.GoAsync(Page("all.html"));
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        Assert.False(await page.Locator(".sidebar").IsVisibleAsync());
        Assert.False(await page.Locator(".topbar").IsVisibleAsync());
        Assert.True(await page.Locator("details.lmc-solution pre").First.IsVisibleAsync());
        Assert.Equal("page", await page.Locator("article.chapter").Nth(1).EvaluateAsync<string>("a => getComputedStyle(a).breakBefore"));
        var pdf = await page.PdfAsync();
        Assert.True(pdf.Length > 10_000);
    }

    internal static async Task SaveScreenshot(IPage page, string name, bool fullPage)
    {
        Directory.CreateDirectory(BookSite.Artifacts);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BookSite.Artifacts, name), FullPage = fullPage });
    }

    internal static async Task<IReadOnlyList<ChartState>> ChartStates(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("""
            [...document.querySelectorAll('.plotly-chart')].map(el => ({
              id: el.getAttribute('data-figure'),
              state: el.getAttribute('data-state') || '',
              svg: el.querySelector('.main-svg') !== null,
              dataTraces: (el.data || []).length,
              // Plotly draws scatter and bar traces as g.trace, contours as g.contour, heatmaps as g.hm, images as g.im.
              drawnTraces: el.querySelectorAll('.main-svg g.trace, .main-svg g.contour, .main-svg g.hm, .main-svg g.im').length
            }))
            """);
        return json.EnumerateArray().Select(c => new ChartState(c.GetProperty("id").GetString()!, c.GetProperty("state").GetString()!,
            c.GetProperty("svg").GetBoolean(), c.GetProperty("dataTraces").GetInt32(), c.GetProperty("drawnTraces").GetInt32())).ToList();
    }

    // The slide's number as the presentation bar shows it ("3 / 12"): a slide may hold several cells.
    private static async Task<int> CurrentSlide(IPage page) =>
        int.Parse((await page.Locator(".present-count").TextContentAsync())!.Split(" / ")[0], System.Globalization.CultureInfo.InvariantCulture);

    private static Task<int> VisibleCells(IPage page) =>
        page.EvaluateAsync<int>("[...document.querySelectorAll('article.chapter > .cell')].filter(c => c.offsetParent !== null).length");

    internal sealed record ChartState(string Id, string State, bool Svg, int DataTraces, int DrawnTraces);
}
