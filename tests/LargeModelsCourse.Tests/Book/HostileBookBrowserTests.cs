using LargeModelsCourse.Runner.Book;
using Microsoft.Playwright;
using Xunit;

namespace LargeModelsCourse.Tests.Book;

/// <summary>
/// A book built from a hostile notebook (<see cref="HostileNotebook"/>), opened in Chromium from disk with the
/// network blocked: nothing the notebook carries runs, and its text is still there to read.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class HostileBookBrowserTests(BrowserFixture browser)
{
    private static readonly Lazy<BookResult> Hostile = new(() =>
    {
        var executed = Path.Combine(BookSite.Artifacts, "hostile-executed");
        if (Directory.Exists(executed)) Directory.Delete(executed, recursive: true);
        HostileNotebook.Write(executed, "01-hostile.ipynb", HostileNotebook.Build());
        return BookSite.Build(executed, "hostile-site");
    });

    private static string Page(string name) => Path.Combine(Hostile.Value.OutputFolder, name);

    [Theory]
    [InlineData("01-hostile.html")]
    [InlineData("all.html")]
    public async Task InjectionsInMarkdownCellsHtmlAndMarkdownOutputsAndAltTextNeverRunAndTheTextStaysVisible(string file)
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        var page = tab.Page;
        await tab.GoAsync(Page(file));

        foreach (var text in new[] { HostileNotebook.MarkdownCellText, HostileNotebook.HtmlOutputText, HostileNotebook.MarkdownOutputText })
            Assert.True(await page.GetByText(text).First.IsVisibleAsync(), $"{text} is not visible");
        // The alt text is the image's description, whole, not markup.
        Assert.Equal(HostileNotebook.AltText, await page.Locator(".output-image img").GetAttributeAsync("alt"));
        // Markdown an output displayed shows its HTML as text.
        Assert.Contains("<script>", await page.Locator(".output-markdown").InnerTextAsync(), StringComparison.Ordinal);
        // The author's fold survives cleaning.
        Assert.Equal(1, await page.Locator(".cell-markdown details summary:text('Folded')").CountAsync());

        // Every link that carried script lost its target; clicking them does nothing.
        foreach (var link in await page.Locator("a").AllAsync())
        {
            var href = await link.GetAttributeAsync("href") ?? "";
            Assert.False(href.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("data:", StringComparison.OrdinalIgnoreCase), href);
        }
        foreach (var name in new[] { "markdown cell link", "raw link", "html link", "markdown output link" })
        {
            var link = page.GetByText(name).First;
            if (await link.IsVisibleAsync()) await link.ClickAsync();
        }
        await page.WaitForTimeoutAsync(300);

        Assert.Null(await page.EvaluateAsync<string?>("window.__pwned === undefined ? null : String(window.__pwned)"));
        Assert.Empty(tab.Dialogs);
        Assert.Equal(0, await page.Locator("main iframe, main object, main embed, main form, main base, main svg[onload]").CountAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("[...document.scripts].filter(s => !s.src && s.type !== 'application/json').length"));
    }

    [Fact]
    public async Task SearchShowsTheNotebooksTextAsTextAndRunsNothing()
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        await tab.GoAsync(Page("01-hostile.html"));
        await tab.Page.Locator("#search-input").FillAsync("visible markdown");
        var result = tab.Page.Locator("#search-results a.search-result").First;
        await result.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });
        // Each word typed is matched (and marked) on its own.
        Assert.Equal(["Visible", "markdown"], (await result.Locator("mark").AllTextContentsAsync()).Take(2));
        // The index holds what the page shows (the fold's words), never the notebook's markup, and nothing in it ran.
        Assert.Contains("Inside the fold", await result.TextContentAsync() ?? "", StringComparison.Ordinal);
        var tags = await tab.Page.EvaluateAsync<string[]>("[...document.querySelectorAll('#search-results *')].map(e => e.tagName)");
        Assert.All(tags, t => Assert.Contains(t, new[] { "OL", "LI", "A", "SPAN", "MARK", "P" }));
        await tab.Page.WaitForTimeoutAsync(300);
        Assert.Null(await tab.Page.EvaluateAsync<string?>("window.__pwned === undefined ? null : String(window.__pwned)"));
        Assert.Empty(tab.Dialogs);
        // (The notebook's broken images fail to load; that is the console's only complaint.)
        Assert.DoesNotContain(tab.Errors, e => e.StartsWith("page error", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheContentSecurityPolicyStopsAnInlineScriptEvenIfOneReachedThePage()
    {
        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        await tab.GoAsync(Page("01-hostile.html"));
        // Markup that got past cleaning would be in this position: an inline script and an inline handler.
        await tab.Page.EvaluateAsync("""
            () => {
              const s = document.createElement('script');
              s.textContent = "window.__pwned = 'inline'";
              document.body.appendChild(s);
              const img = document.createElement('img');
              img.setAttribute('onerror', "window.__pwned = 'handler'");
              img.src = 'data:,not-an-image';
              document.body.appendChild(img);
            }
            """);
        await tab.Page.WaitForTimeoutAsync(300);
        Assert.Null(await tab.Page.EvaluateAsync<string?>("window.__pwned === undefined ? null : String(window.__pwned)"));
        Assert.Contains(tab.Errors, e => e.Contains("Content Security Policy", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheBoardChartThatCarriedPlotlyIsDrawnFromTheSitesOneCopy()
    {
        var html = await File.ReadAllTextAsync(Page("01-hostile.html"));
        // plotly.js (megabytes) is not copied into the page; the chart's figure is.
        Assert.True(html.Length < 200_000, $"the page is {html.Length} characters");
        Assert.DoesNotContain("lmc-plot", html, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Hostile.Value.OutputFolder, "plotly*.js", SearchOption.AllDirectories));

        await using var tab = await OfflinePage.OpenAsync(browser.Browser);
        await tab.GoAsync(Page("01-hostile.html"));
        var chart = tab.Page.Locator(".output-html .plotly-chart");
        Assert.Equal(1, await chart.CountAsync());
        Assert.Equal("drawn", await chart.GetAttributeAsync("data-state"));
        Assert.Equal(1, await tab.Page.Locator(".output-html .plotly-chart .scatterlayer .trace").CountAsync());
        Assert.True(await tab.Page.GetByText("Training").First.IsVisibleAsync());
    }
}
