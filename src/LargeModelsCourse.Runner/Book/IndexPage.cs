using System.Text;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Notebooks;

namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// The contents page: every chapter in order with what it teaches, how long it runs, and how long it is to present: its
/// core and its full length in slides (<see cref="ChapterLength"/>), and its optional deep dives, each linked.
/// </summary>
/// <param name="layout">The edition's page layout.</param>
/// <param name="chapters">The chapters, in order.</param>
/// <param name="sectionOf">The anchor and heading text a chapter's page gave the section a Markdown cell opens, when known.</param>
internal sealed class IndexPage(PageLayout layout, IReadOnlyList<Chapter> chapters, Func<Chapter, string, (string Id, string Text)?> sectionOf)
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
            var length = ChapterLength.Of(chapter.Notebook);
            var slides = length.DeepDives.Count == 0
                ? BookStrings.Format(words.AllCore, words.SlideCount(length.FullSlides))
                : BookStrings.Format(words.CoreAndFull, words.SlideCount(length.CoreSlides), words.SlideCount(length.FullSlides));
            main.Append($"<p class=\"toc-length\" title=\"{Html.Attribute(words.LengthTitle)}\" data-core=\"{length.CoreSlides}\" data-full=\"{length.FullSlides}\">{Html.Encode(slides)}</p>\n");
            if (chapter.Goals.Count > 0)
            {
                main.Append($"<p class=\"goals-label\">{Html.Encode(words.GoalsLabel)}</p>\n<ul class=\"goals\">\n");
                // Goals are the chapter's own Markdown rendered to HTML (trusted as Markdown cells are).
                foreach (var goal in chapter.Goals) main.Append("<li>").Append(goal).Append("</li>\n");
                main.Append("</ul>\n");
            }
            main.Append(DeepDives(chapter, length, words));
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

    // The chapter's deep dives, each marked and linked to its section, with the slides it adds.
    private string DeepDives(Chapter chapter, ChapterLength length, BookStrings words)
    {
        if (length.DeepDives.Count == 0) return "";
        var html = new StringBuilder($"<p class=\"deep-dives-label\">{Html.Encode(words.DeepDivesLabel)}</p>\n<ul class=\"toc-deep-dives\">\n");
        foreach (var dive in length.DeepDives)
        {
            var section = sectionOf(chapter, dive.CellId);
            var href = Html.PageUrl(chapter.PageName) + (section is { } s ? "#" + s.Id : "");
            var title = WithoutMark(section?.Text ?? dive.Heading);
            html.Append($"<li data-cell=\"{Html.Attribute(dive.CellId)}\"><span class=\"deep-dive-mark\">{Html.Encode(words.DeepDive)}</span> ")
                .Append($"<a href=\"{Html.Attribute(href)}\">{Html.Encode(title)}</a> ")
                .Append($"<span class=\"deep-dive-length\">{Html.Encode(words.SlideCount(dive.Slides))}</span></li>\n");
        }
        return html.Append("</ul>\n").ToString();
    }

    // "Why so slow? (deep dive)" → "Why so slow?": the list marks every entry itself. A heading not yet translated keeps
    // the English mark, so both languages' marks are taken off, in either language's brackets.
    internal static string WithoutMark(string heading)
    {
        var text = heading.Trim();
        foreach (var mark in new[] { BookStrings.English.DeepDive, BookStrings.ChineseSimplified.DeepDive })
        {
            foreach (var marked in new[] { $"({mark})", $"（{mark}）" })
            {
                if (text.EndsWith(marked, StringComparison.OrdinalIgnoreCase) && text.Length > marked.Length)
                    return text[..^marked.Length].TrimEnd();
            }
        }
        return text;
    }
}
