using LargeModelsCourse.Tests.Book;
using LargeModelsCourse.Translation;
using Microsoft.Playwright;
using Xunit;

namespace LargeModelsCourse.Tests.Translation;

/// <summary>
/// The search box in both editions, in Chromium from disk with the network cut off, on the bilingual book the
/// translation tests build anyway (two real chapters): a reader types a term, sees it highlighted in the results,
/// follows one and lands on that section of the same edition.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BookSearchBrowserTests(BrowserFixture browser)
{
    private const string Language = CourseLanguage.ChineseSimplified;
    private const string Results = "#search-results";

    [Fact]
    public async Task An_english_term_found_in_the_english_edition_opens_its_section_with_enter()
    {
        var book = TranslatedBookBrowserTests.Book.Value;
        await using var page = await OfflinePage.OpenAsync(browser.Browser);
        await page.GoAsync(Path.Combine(book.OutputFolder, "index.html"));

        // "/" focuses the box from anywhere on the page; the reader types as on a keyboard.
        await page.Page.Keyboard.PressAsync("/");
        Assert.True(await page.Page.EvaluateAsync<bool>("document.activeElement.id === 'search-input'"), "/ focuses the search box");
        await page.Page.Keyboard.TypeAsync("Cross-Entropy");
        var first = await FirstResult(page.Page);
        Assert.Contains("cross-entropy", (await first.Locator(".search-title").TextContentAsync() ?? "").ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Equal("cross-entropy", (await first.Locator("mark").First.TextContentAsync() ?? "").ToLowerInvariant());
        await AssertOnlyText(page.Page);
        var href = await first.GetAttributeAsync("href") ?? "";
        Assert.StartsWith("02-loss-functions.html#", href, StringComparison.Ordinal);

        await page.Page.Keyboard.PressAsync("Enter");
        await page.Page.WaitForURLAsync(url => url.EndsWith(href, StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.Page.WaitForSelectorAsync("html[data-book-ready='true']", new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        Assert.DoesNotContain($"/{Language}/", page.Page.Url, StringComparison.Ordinal);
        var anchor = Uri.UnescapeDataString(href[(href.IndexOf('#', StringComparison.Ordinal) + 1)..]);
        await AssertLandedOn(page, anchor, "cross-entropy");

        // A word no chapter has says so; Esc closes the results and leaves the box.
        await page.Page.Keyboard.PressAsync("/");
        await page.Page.Keyboard.TypeAsync("zqxjvw");
        Assert.Contains("zqxjvw", await page.Page.Locator($"{Results} .search-message").TextContentAsync() ?? "", StringComparison.Ordinal);
        await page.Page.Keyboard.PressAsync("Escape");
        Assert.True(await page.Page.Locator(Results).IsHiddenAsync(), "Esc closes the results");
        Assert.False(await page.Page.EvaluateAsync<bool>("document.activeElement.id === 'search-input'"), "Esc leaves the box");
        Assert.Empty(page.Errors);
        Assert.Empty(page.BlockedRequests);
    }

    [Fact]
    public async Task A_chinese_term_found_in_the_chinese_edition_opens_its_section_in_chinese()
    {
        var book = TranslatedBookBrowserTests.Book.Value;
        await using var page = await OfflinePage.OpenAsync(browser.Browser);
        await page.GoAsync(Path.Combine(book.OutputFolder, Language, "00-start-here.html"));
        var box = page.Page.Locator("#search-input");
        Assert.Equal("搜索…", await box.GetAttributeAsync("placeholder"));

        // No spaces between Chinese words: the term is found inside longer runs of text, and headings come first.
        await box.ClickAsync();
        await box.FillAsync("损失函数");
        var first = await FirstResult(page.Page);
        Assert.True(await page.Page.Locator($"{Results} a.search-result").CountAsync() >= 2, "the term is in more than one section");
        Assert.Contains("损失函数", await first.Locator(".search-title").TextContentAsync() ?? "", StringComparison.Ordinal);
        var marks = await page.Page.Locator($"{Results} mark").AllTextContentsAsync();
        Assert.NotEmpty(marks);
        Assert.All(marks, m => Assert.Equal("损失函数", m));
        await AssertOnlyText(page.Page);
        await FixtureBookBrowserTests.SaveScreenshot(page.Page, "course-search-zh-CN.png", fullPage: false);
        var href = await first.GetAttributeAsync("href") ?? "";
        Assert.StartsWith("02-loss-functions.html#", href, StringComparison.Ordinal);

        await first.ClickAsync();
        await page.Page.WaitForURLAsync(url => url.EndsWith(href, StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.Page.WaitForSelectorAsync("html[data-book-ready='true']", new() { State = WaitForSelectorState.Attached, Timeout = 60_000 });
        Assert.Contains($"/{Language}/02-loss-functions.html#", page.Page.Url, StringComparison.Ordinal);
        Assert.Equal(Language, await page.Page.GetAttributeAsync("html", "lang"));
        await AssertLandedOn(page, Uri.UnescapeDataString(href[(href.IndexOf('#', StringComparison.Ordinal) + 1)..]), "损失函数");

        // A section heading further down, found by part of it, and opened with Enter.
        await box.FillAsync("均方误差");
        var section = await FirstResult(page.Page);
        var sectionHref = await section.GetAttributeAsync("href") ?? "";
        await box.PressAsync("Enter");
        await page.Page.WaitForURLAsync(url => url.EndsWith(sectionHref, StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await AssertLandedOn(page, Uri.UnescapeDataString(sectionHref[(sectionHref.IndexOf('#', StringComparison.Ordinal) + 1)..]), "均方误差");
        Assert.Empty(page.Errors);
        Assert.Empty(page.BlockedRequests);
    }

    private static async Task<ILocator> FirstResult(IPage page)
    {
        var first = page.Locator($"{Results} a.search-result").First;
        await first.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = 10_000 });
        return first;
    }

    // The results are built of text and a few plain elements: nothing from the index became markup.
    private static async Task AssertOnlyText(IPage page)
    {
        var tags = await page.EvaluateAsync<string[]>($"[...document.querySelectorAll('{Results} *')].map(e => e.tagName)");
        Assert.All(tags, t => Assert.Contains(t, new[] { "OL", "LI", "A", "SPAN", "MARK", "P" }));
    }

    private static async Task AssertLandedOn(OfflinePage page, string anchor, string term)
    {
        var target = page.Page.Locator($"[id='{anchor}']");
        Assert.Contains(term, (await target.TextContentAsync() ?? "").ToLowerInvariant(), StringComparison.Ordinal);
        var top = await page.Page.EvaluateAsync<double>("id => document.getElementById(id).getBoundingClientRect().top", anchor);
        Assert.InRange(top, -5, 150);
    }
}
