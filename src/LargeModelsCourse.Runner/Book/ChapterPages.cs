using System.Globalization;
using System.Text;

namespace LargeModelsCourse.Runner.Book;

/// <summary>A page per chapter with previous / contents / next links, and the whole book on one page for printing.</summary>
internal sealed class ChapterPages(CellRenderer cells, PageLayout layout, IReadOnlyList<Chapter> chapters, IList<string> warnings)
{
    private readonly Dictionary<string, string> pages = chapters.ToDictionary(c => c.FileName, c => c.PageName, StringComparer.Ordinal);
    private readonly Dictionary<Chapter, IReadOnlyDictionary<string, (string Id, string Text)>> cellSections = [];

    /// <summary>Charts drawn across the chapter pages.</summary>
    public int Charts { get; private set; }

    /// <summary>The chapter's page.</summary>
    public string Chapter(int index)
    {
        var chapter = chapters[index];
        var page = new PageContext(chapter.Notebook.Name, pages, warnings) { HeadingIds = HeadingIds(chapter) };
        var article = cells.Render(chapter.Notebook, page);
        Charts += page.Charts;
        cellSections[chapter] = page.CellSections;
        var main = new StringBuilder()
            .Append(Meta(chapter))
            .Append($"<article class=\"chapter\" data-chapter=\"{Html.Attribute(chapter.Notebook.Name)}\">\n{article}</article>\n")
            .Append(Navigation(index));
        var sidebar = Sidebar.Render(chapters, chapter, page.Sections, c => Html.PageUrl(c.PageName), layout.Edition);
        return layout.Render(new PageSpec($"{chapter.Heading} — LargeModelsCourse", chapter.Heading, sidebar, main.ToString(),
            "chapter", page.Charts > 0, Presentable: true, chapter.PageName));
    }

    /// <summary>Every chapter on one page, each starting on a new sheet when printed.</summary>
    public string WholeBook()
    {
        var main = new StringBuilder($"<h1 class=\"whole-book-title\">{Html.Encode(Words.WholeBookTitle)}</h1>\n");
        var charts = 0;
        foreach (var chapter in chapters)
        {
            // Ids carry the chapter's name: every chapter's headings and charts share this one page.
            var prefix = $"{Html.Token(chapter.Notebook.Name)}--";
            var page = new PageContext(chapter.Notebook.Name, pages, new List<string>(), prefix) { HeadingIds = HeadingIds(chapter) };
            var article = cells.Render(chapter.Notebook, page);
            charts += page.Charts;
            main.Append($"<article class=\"chapter\" id=\"{Html.Attribute(ChapterAnchor(chapter))}\" data-chapter=\"{Html.Attribute(chapter.Notebook.Name)}\">\n")
                .Append(Meta(chapter)).Append(article).Append("</article>\n");
        }
        var sidebar = Sidebar.Render(chapters, null, [], c => "#" + ChapterAnchor(c), layout.Edition);
        return layout.Render(new PageSpec($"{Words.WholeBook} — LargeModelsCourse", Words.WholeBook, sidebar, main.ToString(),
            "whole-book", charts > 0, Presentable: false, "all.html"));
    }

    /// <summary>
    /// The anchor and heading text of the section that Markdown cell <paramref name="cellId"/> opens on the chapter's page,
    /// or null when that page has not been rendered (by <see cref="Chapter(int)"/>) or the cell opens no section.
    /// </summary>
    public (string Id, string Text)? SectionOf(Chapter chapter, string cellId) =>
        cellSections.TryGetValue(chapter, out var sections) && sections.TryGetValue(cellId, out var section) ? section : null;

    private BookStrings Words => layout.Edition.Strings;

    // A translated edition keeps the English edition's heading ids, so that a section's anchor is the same in both.
    private Func<string, IReadOnlyList<string>?>? HeadingIds(Chapter chapter) =>
        layout.Edition.HeadingIds is { } ids ? cellId => ids(chapter.Notebook.Name, cellId) : null;

    private static string ChapterAnchor(Chapter chapter) => "chapter-" + Html.Token(chapter.Notebook.Name);

    private string Meta(Chapter chapter)
    {
        var parts = new List<string>();
        if (chapter.Number.Length > 0) parts.Add(Html.Encode(BookStrings.Format(Words.ChapterNumber, chapter.Number)));
        if (chapter.RunSeconds is { } seconds) parts.Add(Html.Encode(BookStrings.Format(Words.RanIn, Book.Chapter.FormatDuration(seconds))));
        if (chapter.Notebook.Root["metadata"]?["largemodelscourse"]?["library_version"]?.ToString() is { Length: > 0 } version)
            parts.Add(Html.Encode(BookStrings.Format(Words.LibraryVersion, version)));
        return parts.Count == 0 ? "" : $"<p class=\"chapter-meta\">{string.Join(" · ", parts)}</p>\n";
    }

    private string Navigation(int index)
    {
        var html = new StringBuilder($"<nav class=\"chapter-nav\" aria-label=\"{Html.Attribute(Words.Chapters)}\">\n");
        html.Append(index > 0 ? Link(chapters[index - 1], "prev", Html.Encode(Words.Previous)) : "<span class=\"prev\"></span>\n");
        html.Append($"<a class=\"contents\" href=\"index.html\">{Html.Encode(Words.Contents)}</a>\n");
        html.Append(index < chapters.Count - 1 ? Link(chapters[index + 1], "next", Html.Encode(Words.Next)) : "<span class=\"next\"></span>\n");
        return html.Append("</nav>\n").ToString();
    }

    private static string Link(Chapter chapter, string rel, string label) =>
        string.Create(CultureInfo.InvariantCulture,
            $"<a class=\"{rel}\" rel=\"{rel}\" href=\"{Html.Attribute(Html.PageUrl(chapter.PageName))}\"><span class=\"label\">{label}</span><span class=\"title\">{Html.Encode(chapter.Heading)}</span></a>\n");
}
