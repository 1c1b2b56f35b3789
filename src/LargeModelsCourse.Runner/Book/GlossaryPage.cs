using System.Text;

namespace LargeModelsCourse.Runner.Book;

/// <summary>A translated edition's glossary: each term the chapters use and its English original, from the translators' glossary file.</summary>
internal static class GlossaryPage
{
    /// <summary>The page's HTML (its language switch goes to the other edition's contents page, which has no glossary).</summary>
    public static string Render(PageLayout layout, IReadOnlyList<Chapter> chapters, MarkdownRenderer markdown, string glossary)
    {
        var page = new PageContext("glossary", chapters.ToDictionary(c => c.FileName, c => c.PageName, StringComparer.Ordinal), new List<string>());
        var main = new StringBuilder("<article class=\"glossary\">\n");
        foreach (var section in markdown.RenderSections(glossary, null, page)) main.Append(section);
        main.Append("</article>\n");
        var words = layout.Edition.Strings;
        var sidebar = Sidebar.Render(chapters, null, [], c => Html.PageUrl(c.PageName), layout.Edition);
        return layout.Render(new PageSpec($"{words.Glossary} — LargeModelsCourse", words.Glossary, sidebar, main.ToString(), "glossary",
            Charts: false, Presentable: false, BookEdition.GlossaryPage, OtherPageName: "index.html"));
    }
}
