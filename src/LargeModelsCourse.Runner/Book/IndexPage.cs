using System.Text;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Runner.Book;

/// <summary>The contents page: every chapter in order with what it teaches and how long it runs.</summary>
internal sealed class IndexPage(PageLayout layout, IReadOnlyList<Chapter> chapters)
{
    /// <summary>The page's HTML; <paramref name="charts"/> is the number of charts in the book.</summary>
    public string Render(int charts)
    {
        var words = layout.Edition.Strings;
        var root = layout.Edition.ToRoot;
        var total = chapters.Sum(c => c.RunSeconds ?? 0);
        var english = words.Language == BookStrings.English.Language;
        var facts = english
            ? new List<string> { $"{chapters.Count} chapter{(chapters.Count == 1 ? "" : "s")}", $"{charts} interactive chart{(charts == 1 ? "" : "s")}" }
            : [BookStrings.Format(words.ChapterCount, chapters.Count), BookStrings.Format(words.ChartCount, charts)];
        if (total > 0) facts.Add(BookStrings.Format(words.TotalRunTime, Chapter.FormatDuration(total)));
        var main = new StringBuilder($"""
            <header class="book-hero">
            <h1>LargeModelsCourse</h1>
            <p class="tagline">{Html.Encode(words.Tagline)}</p>
            <p class="book-facts">{Html.Encode(string.Join(" · ", facts))}</p>
            </header>
            <ol class="toc">

            """);
        foreach (var chapter in chapters)
        {
            main.Append("<li class=\"toc-chapter\">\n<div class=\"toc-head\">")
                .Append(chapter.Number.Length > 0 ? $"<span class=\"num\">{Html.Encode(chapter.Number)}</span>" : "")
                .Append($"<a class=\"toc-title\" href=\"{Html.Attribute(Html.PageUrl(chapter.PageName))}\">{Html.Encode(chapter.Title)}</a>")
                .Append(chapter.RunSeconds is { } s ? $"<span class=\"runtime\" title=\"{Html.Attribute(words.RunsInTitle)}\">{Html.Encode(BookStrings.Format(words.RunsIn, Chapter.FormatDuration(s)))}</span>" : "")
                .Append("</div>\n");
            if (chapter.Goals.Count > 0)
            {
                main.Append($"<p class=\"goals-label\">{Html.Encode(words.GoalsLabel)}</p>\n<ul class=\"goals\">\n");
                // Goals are the chapter's own Markdown rendered to HTML (trusted as Markdown cells are).
                foreach (var goal in chapter.Goals) main.Append("<li>").Append(goal).Append("</li>\n");
                main.Append("</ul>\n");
            }
            main.Append("</li>\n");
        }
        main.Append($"""
            </ol>
            <footer class="book-footer">
            <p>{BookStrings.Format(words.FooterRead, $"<a href=\"all.html\">{Html.Encode(english ? "the whole book on one page" : words.WholeBookLink)}</a>")}</p>
            <p>{BookStrings.Format(words.FooterCredits, $"<a href=\"{root}{BookAssets.KatexCss.Replace("katex.min.css", "LICENSE", StringComparison.Ordinal)}\">KaTeX</a>", $"<a href=\"{root}assets/highlight/LICENSE\">highlight.js</a>", $"<a href=\"{root}assets/plotly/LICENSE.txt\">plotly.js {Html.Encode(PlotlyOutput.LibraryVersion)}</a>")}</p>
            </footer>

            """);
        var sidebar = Sidebar.Render(chapters, null, [], c => Html.PageUrl(c.PageName), layout.Edition);
        return layout.Render(new PageSpec("LargeModelsCourse", "", sidebar, main.ToString(), "index", Charts: false, Presentable: false, "index.html"));
    }
}
