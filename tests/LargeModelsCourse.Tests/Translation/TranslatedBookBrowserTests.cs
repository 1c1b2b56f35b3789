using System.Text.Json;
using LargeModelsCourse.Tests.Book;
using LargeModelsCourse.Tests.Support;
using LargeModelsCourse.Translation;
using Xunit;
using Xunit.Abstractions;

namespace LargeModelsCourse.Tests.Translation;

/// <summary>
/// Both editions of the book from one run of two real chapters (the runs the chapter tests make anyway): the Chinese
/// edition shows the same outputs, works offline in Chromium, and its language switch lands on the same section.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TranslatedBookBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string Language = CourseLanguage.ChineseSimplified;
    private static readonly string[] Chapters = ["00-start-here", "02-loss-functions"];

    private static readonly Lazy<LargeModelsCourse.Runner.Book.BookResult> Book = new(() =>
    {
        var executed = Path.Combine(BookSite.Artifacts, "bilingual-executed");
        if (Directory.Exists(executed)) Directory.Delete(executed, recursive: true);
        Directory.CreateDirectory(executed);
        foreach (var chapter in Chapters)
            File.WriteAllText(Path.Combine(executed, chapter + ".ipynb"), ExecutedCourse.Get(chapter).Json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return BookSite.Build(executed, "bilingual-site", BookSite.Translations);
    });

    [Fact]
    public void Both_editions_are_built_from_the_same_run_and_show_the_same_code_and_outputs()
    {
        var book = Book.Value;
        foreach (var warning in book.Warnings) output.WriteLine($"warning: {warning}");
        Assert.Equal([Language], book.Translations);
        foreach (var page in Chapters.Select(c => c + ".html").Concat(["index.html", "all.html", "glossary.html"]))
            Assert.True(File.Exists(Path.Combine(book.OutputFolder, Language, page)), $"{Language}/{page} is missing");
        Assert.False(File.Exists(Path.Combine(book.OutputFolder, Language, "assets", "book.js")), "the editions share the site's one copy of the assets");
        var differences = BookEditions.CodeCellDifferences(book, Language);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        // The cards themselves are in Chinese, one per exercise check.
        Assert.True(BookEditions.CardsIn(Path.Combine(book.OutputFolder, Language, "02-loss-functions.html"), Language) >= 3);
        Assert.Equal(0, BookEditions.CardsIn(Path.Combine(book.OutputFolder, "02-loss-functions.html"), Language));
    }

    [Fact]
    public async Task The_chinese_pages_work_offline_and_the_switch_lands_on_the_same_section_both_ways()
    {
        var book = Book.Value;
        foreach (var name in Chapters.Select(c => c + ".html").Concat(["index.html", "glossary.html"]))
        {
            await using var tab = await OfflinePage.OpenAsync(browser.Browser);
            await tab.GoAsync(Path.Combine(book.OutputFolder, Language, name));
            Assert.True(tab.Errors.Count == 0, $"{Language}/{name}: {string.Join("\n", tab.Errors)}");
            Assert.Empty(tab.BlockedRequests);
            Assert.Equal(Language, await tab.Page.GetAttributeAsync("html", "lang"));
            foreach (var chart in await FixtureBookBrowserTests.ChartStates(tab.Page))
                Assert.True(chart.State == "drawn" && chart.Svg, $"{Language}/{name} {chart.Id}: not drawn ({chart.State})");
            Assert.Equal(0, await tab.Page.Locator(".katex-error").CountAsync());
            Assert.Equal(await tab.Page.Locator(".math").CountAsync(), await tab.Page.Locator(".math .katex").CountAsync());
        }
        await using (var glossary = await OfflinePage.OpenAsync(browser.Browser))
        {
            await glossary.GoAsync(Path.Combine(book.OutputFolder, Language, "glossary.html"));
            Assert.True(await glossary.Page.Locator("article.glossary table tr").CountAsync() > 20, "the glossary page shows the terms table");
            Assert.Contains("损失函数", await glossary.Page.Locator("article.glossary").TextContentAsync() ?? "", StringComparison.Ordinal);
        }

        await using var page = await OfflinePage.OpenAsync(browser.Browser);
        await page.GoAsync(Path.Combine(book.OutputFolder, "02-loss-functions.html"));
        var sections = await page.Page.EvaluateAsync<string[]>("[...document.querySelectorAll('article.chapter h2[id]')].map(h => h.id)");
        Assert.True(sections.Length >= 4, "chapter 02 has sections");
        var target = sections[3];

        // English → Chinese, from the fourth section.
        await SwitchFrom(page, target, "中文");
        Assert.EndsWith($"/{Language}/02-loss-functions.html#{target}", page.Page.Url, StringComparison.Ordinal);
        Assert.Equal(Language, await page.Page.GetAttributeAsync("html", "lang"));
        await AssertAtTop(page, target);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", await page.Page.Locator($"#{target}").TextContentAsync() ?? "");
        await FixtureBookBrowserTests.SaveScreenshot(page.Page, "course-chapter-zh-CN.png", fullPage: false);

        // Chinese → English, from the second section.
        await SwitchFrom(page, sections[1], "English");
        Assert.EndsWith($"/02-loss-functions.html#{sections[1]}", page.Page.Url, StringComparison.Ordinal);
        Assert.DoesNotContain($"/{Language}/", page.Page.Url, StringComparison.Ordinal);
        await AssertAtTop(page, sections[1]);

        // Presentation mode speaks Chinese in the Chinese edition.
        await page.GoAsync(Path.Combine(book.OutputFolder, Language, "02-loss-functions.html"));
        await page.Page.Keyboard.PressAsync("p");
        Assert.Equal("退出", await page.Page.Locator(".present-bar [data-action='present']").TextContentAsync());
        Assert.Equal("隐藏代码", await page.Page.Locator(".present-bar [data-action='code']").TextContentAsync());
        await page.Page.Keyboard.PressAsync("c");
        Assert.Equal("显示代码", await page.Page.Locator(".present-bar [data-action='code']").TextContentAsync());
        Assert.Empty(page.Errors);
    }

    // Scrolls the section to the top of the window, as a reader who reached it, and follows the language switch.
    private static async Task SwitchFrom(OfflinePage page, string section, string label)
    {
        var before = page.Page.Url;
        await page.Page.EvaluateAsync("id => document.getElementById(id).scrollIntoView({ block: 'start' })", section);
        var link = page.Page.Locator(".topbar a.lang-switch");
        Assert.Equal(label, await link.TextContentAsync());
        // A mouse click where the link is, as a reader's: Playwright's own click would first scroll the page to the link.
        var box = await link.BoundingBoxAsync() ?? throw new InvalidOperationException("the language switch is not shown");
        await page.Page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await page.Page.WaitForURLAsync(url => url != before, new() { WaitUntil = Microsoft.Playwright.WaitUntilState.Commit });
        await page.Page.WaitForSelectorAsync("html[data-book-ready='true']", new() { State = Microsoft.Playwright.WaitForSelectorState.Attached, Timeout = 60_000 });
    }

    private static async Task AssertAtTop(OfflinePage page, string section)
    {
        var top = await page.Page.EvaluateAsync<double>("id => document.getElementById(id).getBoundingClientRect().top", section);
        Assert.InRange(top, -5, 120);
    }
}
