using System.Text.RegularExpressions;
using LargeModelsCourse.Runner.Book;
using Xunit;

namespace LargeModelsCourse.Tests.Book;

/// <summary>
/// The book's pages and site as files: reserved page names, links to pages with awkward names, the
/// policy on every page, and replacing an old site only once the new one is complete.
/// </summary>
public sealed partial class BookSafetyTests
{
    private static string Folder(string name)
    {
        var folder = Path.Combine(BookSite.Artifacts, "safety", name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        return folder;
    }

    [Theory]
    [InlineData("index.ipynb", "contents page")]
    [InlineData("ALL.ipynb", "whole-book page")]
    public void ANotebookNamedLikeTheBooksOwnPagesIsRefusedInsteadOfOverwritingThem(string name, string what)
    {
        var executed = Folder("reserved-" + name);
        HostileNotebook.Write(executed, "01-first.ipynb", HostileNotebook.Plain("First"));
        HostileNotebook.Write(executed, name, HostileNotebook.Plain("Clash"));
        var output = Folder("reserved-site-" + name);
        var error = Assert.Throws<BookBuildException>(() => BookSite.Build(executed, Path.GetRelativePath(BookSite.Artifacts, output)));
        Assert.Contains(name, error.Message, StringComparison.Ordinal);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
        Assert.Contains("rename the notebook", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void LinksToPagesWithHashQuestionMarkAndPercentInTheirNamesLeadToThoseFiles()
    {
        var executed = Folder("names");
        var names = new[] { "01-c#-basics.ipynb", "02-why?.ipynb", "03-100%.ipynb", "04 with space.ipynb" };
        foreach (var name in names) HostileNotebook.Write(executed, name, HostileNotebook.Plain(name));
        var book = BookSite.Build(executed, "safety/names-site");

        foreach (var page in BookSite.Pages(book))
        {
            var hrefs = Href().Matches(File.ReadAllText(page)).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value))
                .Where(h => !h.StartsWith('#') && !h.Contains("://", StringComparison.Ordinal)).ToList();
            foreach (var href in hrefs)
            {
                var file = Resolve(page, href);
                Assert.True(File.Exists(file), $"{Path.GetFileName(page)} links to {href}, which resolves to {file}");
            }
            if (Path.GetFileName(page) == "index.html")
            {
                foreach (var name in names)
                    Assert.Contains(hrefs, h => Resolve(page, h) == Path.Combine(book.OutputFolder, Path.ChangeExtension(name, ".html")));
            }
        }
    }

    [Fact]
    public void EveryPageCarriesAPolicyThatAllowsScriptsOnlyFromTheSite()
    {
        foreach (var page in BookSite.Pages(BookSite.FixtureBook))
        {
            var html = File.ReadAllText(page);
            var head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
            var policy = head.IndexOf("http-equiv=\"Content-Security-Policy\"", StringComparison.Ordinal);
            Assert.True(policy > 0, $"{Path.GetFileName(page)} has no policy");
            // The policy comes before anything it governs.
            Assert.True(policy < head.IndexOf("<script", StringComparison.Ordinal), Path.GetFileName(page));
            Assert.Contains("script-src 'self';", PageLayout.ContentSecurityPolicy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", PageLayout.ContentSecurityPolicy, StringComparison.Ordinal);
            // The book itself has no inline script: every script is a file of the site or JSON data.
            foreach (Match script in ScriptTag().Matches(html))
                Assert.Matches("src=\"assets/|type=\"application/json\"", script.Value);
        }
    }

    [Fact]
    public void RebuildingReplacesTheOldSiteOnlyOnceTheNewOneIsComplete()
    {
        var executed = Folder("swap");
        HostileNotebook.Write(executed, "01-one.ipynb", HostileNotebook.Plain("One"));
        var first = BookSite.Build(executed, "safety/swap-site");
        Assert.True(File.Exists(Path.Combine(first.OutputFolder, "01-one.html")));

        HostileNotebook.Write(executed, "02-two.ipynb", HostileNotebook.Plain("Two"));
        var second = BookSite.Build(executed, "safety/swap-site");
        Assert.True(File.Exists(Path.Combine(second.OutputFolder, "02-two.html")));
        // Nothing is left beside the site: no staging folder, no old copy.
        var parent = Path.GetDirectoryName(second.OutputFolder)!;
        Assert.Equal(["swap-site"], Directory.GetDirectories(parent, "swap-site*").Select(Path.GetFileName));

        // A new site that cannot be moved in leaves the old one where it was, whole.
        var missing = Path.Combine(parent, "swap-site.building-gone");
        Assert.ThrowsAny<IOException>(() => SiteSwap.Replace(second.OutputFolder, missing));
        Assert.True(File.Exists(Path.Combine(second.OutputFolder, "02-two.html")));
        Assert.True(File.Exists(Path.Combine(second.OutputFolder, "index.html")));
        Assert.Equal(["swap-site"], Directory.GetDirectories(parent, "swap-site*").Select(Path.GetFileName));
    }

    /// <summary>A relative link resolved as a browser does: '#' starts a fragment and '?' a query unless escaped.</summary>
    private static string Resolve(string page, string href)
    {
        var end = href.IndexOfAny(['#', '?']);
        var path = end < 0 ? href : href[..end];
        return Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
    }

    [GeneratedRegex("href=\"([^\"]*)\"")]
    private static partial Regex Href();

    [GeneratedRegex("<script[^>]*>")]
    private static partial Regex ScriptTag();
}
