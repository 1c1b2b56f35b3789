using System.Text;

namespace LargeModelsCourse.Runner.Book;

/// <summary>The chapters list every page shows at its side, with the current chapter's sections under it.</summary>
internal static class Sidebar
{
    /// <summary>The sidebar's HTML; <paramref name="current"/> is null on the contents page.</summary>
    /// <param name="chapters">Every chapter, in order.</param>
    /// <param name="current">The chapter shown, whose sections are listed.</param>
    /// <param name="sections">The current page's <c>##</c> sections (id, text).</param>
    /// <param name="href">Where a chapter's entry points (its page, or an anchor on the whole-book page).</param>
    /// <param name="edition">The edition (its words, and whether it has a glossary page).</param>
    public static string Render(IReadOnlyList<Chapter> chapters, Chapter? current,
        IReadOnlyList<(string Id, string Text)> sections, Func<Chapter, string> href, BookEdition edition)
    {
        var words = edition.Strings;
        var html = new StringBuilder($"<p class=\"sidebar-heading\"><a href=\"index.html\">{Html.Encode(words.Contents)}</a></p>\n<ol class=\"chapter-list\">\n");
        foreach (var chapter in chapters)
        {
            var isCurrent = ReferenceEquals(chapter, current);
            html.Append(isCurrent ? "<li class=\"current\">" : "<li>")
                .Append($"<a href=\"{Html.Attribute(href(chapter))}\"{(isCurrent ? " aria-current=\"page\"" : "")}>")
                .Append(chapter.Number.Length > 0 ? $"<span class=\"num\">{Html.Encode(chapter.Number)}</span> " : "")
                .Append($"<span class=\"name\">{Html.Encode(chapter.Title)}</span></a>");
            if (isCurrent && sections.Count > 0)
            {
                html.Append("\n<ol class=\"section-list\">\n");
                foreach (var (id, text) in sections)
                    html.Append($"<li><a href=\"#{Html.Attribute(id)}\">{Html.Encode(text)}</a></li>\n");
                html.Append("</ol>\n");
            }
            html.Append("</li>\n");
        }
        html.Append("</ol>\n");
        if (edition.HasGlossary) html.Append($"<p class=\"sidebar-footer\"><a href=\"{BookEdition.GlossaryPage}\">{Html.Encode(words.Glossary)}</a></p>\n");
        return html.Append($"<p class=\"sidebar-footer\"><a href=\"all.html\">{Html.Encode(words.WholeBookLink)}</a></p>\n").ToString();
    }
}
