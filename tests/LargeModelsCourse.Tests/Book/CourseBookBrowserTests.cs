using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using LargeModelsCourse.Runner.Book;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace LargeModelsCourse.Tests.Book;

/// <summary>
/// The book built from the course's real chapters, executed by this test run: what students actually read.
/// It covers every chapter 00–14 that exists in notebooks/ (each executed once per test run by ExecutedCourse).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CourseBookBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    /// <summary>The chapters the test builds the book from, when present.</summary>
    private static readonly string[] Chapters = Enumerable.Range(0, 15).Select(n => n.ToString("00")).ToArray();

    [Fact]
    public async Task TheRealChaptersMakeABookThatWorksOffline()
    {
        var present = Chapters.Where(c => Directory.GetFiles(Repo.Notebooks, c + "*.ipynb").Length > 0).ToList();
        Assert.True(present.Count == Chapters.Length,
            $"expected chapters {string.Join(", ", Chapters)} in {Repo.Notebooks}; found {string.Join(", ", present)}");
        var executed = Path.Combine(BookSite.Artifacts, "course-executed");
        if (Directory.Exists(executed)) Directory.Delete(executed, recursive: true);
        Directory.CreateDirectory(executed);
        foreach (var chapter in present)
        {
            var source = Directory.GetFiles(Repo.Notebooks, chapter + "*.ipynb").OrderBy(p => p, StringComparer.Ordinal).First();
            var json = ExecutedCourse.Get(chapter).Json;
            await File.WriteAllTextAsync(Path.Combine(executed, Path.GetFileName(source)), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }

        // Both editions from this one run: the Chinese one must show the very same code and outputs.
        var book = BookSite.Build(executed, "course-site", BookSite.Translations);
        foreach (var warning in book.Warnings) output.WriteLine($"warning: {warning}");
        Assert.Equal([LargeModelsCourse.Translation.CourseLanguage.ChineseSimplified], book.Translations);
        var differences = LargeModelsCourse.Tests.Translation.BookEditions.CodeCellDifferences(book, LargeModelsCourse.Translation.CourseLanguage.ChineseSimplified);
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        Assert.Equal(present.Count, book.Chapters.Count);
        Assert.All(book.Chapters, c => Assert.InRange(c.Goals.Count, 3, 5));
        Assert.All(book.Chapters, c => Assert.NotNull(c.RunSeconds));
        // Both contents pages give chapter 01's core and full length and link each of its deep dives.
        var chapter01 = book.Chapters.Single(c => c.Number == "01");
        ContentsPageListsTheDeepDives(book.OutputFolder, chapter01, BookStrings.English);
        ContentsPageListsTheDeepDives(Path.Combine(book.OutputFolder, book.Translations![0]), chapter01, BookStrings.ChineseSimplified);

        foreach (var file in BookSite.Pages(book))
        {
            var name = Path.GetFileName(file);
            await using var tab = await OfflinePage.OpenAsync(browser.Browser);
            await tab.GoAsync(file);
            Assert.True(tab.Errors.Count == 0, $"{name}: {string.Join("\n", tab.Errors)}");
            Assert.True(tab.BlockedRequests.Count == 0, $"{name} tried to reach the network: {string.Join(", ", tab.BlockedRequests)}");
            Assert.Empty(tab.Dialogs);
            foreach (var chart in await FixtureBookBrowserTests.ChartStates(tab.Page))
            {
                Assert.True(chart.State == "drawn" && chart.Svg, $"{name} {chart.Id}: not drawn ({chart.State})");
                Assert.True(chart.DataTraces > 0 && chart.DrawnTraces >= chart.DataTraces, $"{name} {chart.Id}: {chart.DrawnTraces} of {chart.DataTraces} traces drawn");
            }
            Assert.Equal(0, await tab.Page.Locator(".katex-error").CountAsync());
            Assert.Equal(await tab.Page.Locator(".math").CountAsync(), await tab.Page.Locator(".math .katex").CountAsync());
            foreach (var href in await tab.Page.EvaluateAsync<string[]>("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"))
            {
                if (href.StartsWith("http", StringComparison.Ordinal) || href.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                var path = href.Split('#')[0];
                Assert.True(path.Length == 0 || File.Exists(Path.Combine(book.OutputFolder, path)), $"{name} links to {href}, which does not exist");
            }
            if (name == "index.html") await FixtureBookBrowserTests.SaveScreenshot(tab.Page, "course-index.png", fullPage: true);
        }

        var first = book.Chapters[0];
        await using var page = await OfflinePage.OpenAsync(browser.Browser);
        await page.GoAsync(Path.Combine(book.OutputFolder, first.PageName));
        Assert.True(await page.Page.Locator(".plotly-chart").CountAsync() >= 1, "chapter 00 shows at least one chart");
        await FixtureBookBrowserTests.SaveScreenshot(page.Page, "course-chapter.png", fullPage: true);
        // Presentation mode over a real chapter: forward, back, out.
        await page.Page.Keyboard.PressAsync("p");
        await page.Page.Keyboard.PressAsync("ArrowRight");
        await page.Page.Keyboard.PressAsync("ArrowRight");
        await page.Page.Keyboard.PressAsync("ArrowLeft");
        var count = await page.Page.Locator(".present-count").TextContentAsync();
        Assert.StartsWith("2 / ", count, StringComparison.Ordinal);
        await FixtureBookBrowserTests.SaveScreenshot(page.Page, "course-presentation.png", fullPage: false);
        await page.Page.Keyboard.PressAsync("Escape");
        Assert.Empty(page.Errors);
    }

    /// <summary>
    /// The contents page in <paramref name="site"/> shows <paramref name="chapter"/>'s core as shorter than the whole and
    /// lists every deep dive of its notebook, marked in the edition's language, linked to an anchor its page has.
    /// </summary>
    internal static void ContentsPageListsTheDeepDives(string site, Chapter chapter, BookStrings words)
    {
        var index = File.ReadAllText(Path.Combine(site, "index.html"));
        var link = $"<a class=\"toc-title\" href=\"{chapter.PageName}\">";
        var start = index.IndexOf(link, StringComparison.Ordinal);
        Assert.True(start >= 0, $"{site}/index.html does not list {chapter.PageName}");
        var end = index.IndexOf("<li class=\"toc-chapter\">", start, StringComparison.Ordinal);
        var entry = index[start..(end < 0 ? index.Length : end)];
        var length = Regex.Match(entry, "data-core=\"(\\d+)\" data-full=\"(\\d+)\"");
        Assert.True(length.Success, $"{site}/index.html gives {chapter.PageName} no length");
        var (core, full) = (int.Parse(length.Groups[1].Value), int.Parse(length.Groups[2].Value));
        var expected = ChapterLength.Of(NotebookDocument.Load(Directory.GetFiles(Repo.Notebooks, chapter.FileName).Single()));
        Assert.True(core < full, $"{chapter.PageName}: core {core} slides, full {full}");
        Assert.Equal((expected.CoreSlides, expected.FullSlides), (core, full));
        Assert.Contains(BookStrings.Format(words.CoreAndFull, words.SlideCount(core), words.SlideCount(full)), WebUtility.HtmlDecode(entry), StringComparison.Ordinal);

        var page = File.ReadAllText(Path.Combine(site, chapter.PageName));
        var listed = Regex.Matches(entry, "<li data-cell=\"([^\"]+)\"><span class=\"deep-dive-mark\">([^<]+)</span> <a href=\"([^\"]+)\">([^<]+)</a>");
        Assert.Equal(expected.DeepDives.Select(d => d.CellId), listed.Select(m => m.Groups[1].Value));
        foreach (Match dive in listed)
        {
            Assert.Equal(words.DeepDive, WebUtility.HtmlDecode(dive.Groups[2].Value));
            var anchor = dive.Groups[3].Value.Split('#');
            Assert.True(anchor.Length == 2 && anchor[0] == chapter.PageName && page.Contains($"id=\"{anchor[1]}\"", StringComparison.Ordinal),
                $"{site}/index.html links the deep dive \"{dive.Groups[4].Value}\" to {dive.Groups[3].Value}, which its page does not have");
            Assert.DoesNotContain(words.DeepDive, WebUtility.HtmlDecode(dive.Groups[4].Value), StringComparison.Ordinal);
        }
    }
}
