using System.Text;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Runner.Book;

/// <summary>The contents page: every chapter in order with what it teaches and how long it runs.</summary>
internal sealed class IndexPage(PageLayout layout, IReadOnlyList<Chapter> chapters)
{
    /// <summary>The page's HTML; <paramref name="charts"/> is the number of charts in the book.</summary>
    public string Render(int charts)
    {
        var total = chapters.Sum(c => c.RunSeconds ?? 0);
        var facts = new List<string> { $"{chapters.Count} chapter{(chapters.Count == 1 ? "" : "s")}", $"{charts} interactive chart{(charts == 1 ? "" : "s")}" };
        if (total > 0) facts.Add($"all notebooks run in {Chapter.FormatDuration(total)}");
        var main = new StringBuilder($"""
            <header class="book-hero">
            <h1>LargeModelsCourse</h1>
            <p class="tagline">How large AI models work, taught in C#: loss functions, optimizers, backpropagation, convolutions, attention and transformers, trained in TorchSharp and drawn with Plotly. Every number and chart on these pages comes from a notebook that ran.</p>
            <p class="book-facts">{Html.Encode(string.Join(" · ", facts))}</p>
            </header>
            <ol class="toc">

            """);
        foreach (var chapter in chapters)
        {
            main.Append("<li class=\"toc-chapter\">\n<div class=\"toc-head\">")
                .Append(chapter.Number.Length > 0 ? $"<span class=\"num\">{Html.Encode(chapter.Number)}</span>" : "")
                .Append($"<a class=\"toc-title\" href=\"{Html.Attribute(Html.PageUrl(chapter.PageName))}\">{Html.Encode(chapter.Title)}</a>")
                .Append(chapter.RunSeconds is { } s ? $"<span class=\"runtime\" title=\"how long the notebook took to run\">runs in {Html.Encode(Chapter.FormatDuration(s))}</span>" : "")
                .Append("</div>\n");
            if (chapter.Goals.Count > 0)
            {
                main.Append("<p class=\"goals-label\">What you will learn</p>\n<ul class=\"goals\">\n");
                // Goals are the chapter's own Markdown rendered to HTML (trusted as Markdown cells are).
                foreach (var goal in chapter.Goals) main.Append("<li>").Append(goal).Append("</li>\n");
                main.Append("</ul>\n");
            }
            main.Append("</li>\n");
        }
        main.Append($"""
            </ol>
            <footer class="book-footer">
            <p>Read it offline, print it (<a href="all.html">the whole book on one page</a>), or present a chapter: press <kbd>p</kbd> on any chapter page.</p>
            <p>Formulas by <a href="{BookAssets.KatexCss.Replace("katex.min.css", "LICENSE", StringComparison.Ordinal)}">KaTeX</a>, code colours by <a href="assets/highlight/LICENSE">highlight.js</a>, charts by <a href="assets/plotly/LICENSE.txt">plotly.js {Html.Encode(PlotlyOutput.LibraryVersion)}</a>, all copied into this site.</p>
            </footer>

            """);
        var sidebar = Sidebar.Render(chapters, null, [], c => Html.PageUrl(c.PageName));
        return layout.Render(new PageSpec("LargeModelsCourse", "", sidebar, main.ToString(), "index", Charts: false, Presentable: false));
    }
}
