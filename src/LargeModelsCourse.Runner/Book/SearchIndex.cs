using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Translation;
using Markdig.Renderers.Html;
using Markdig.Syntax;

namespace LargeModelsCourse.Runner.Book;

/// <summary>One place search can send a reader to: a section of a chapter, or an exercise.</summary>
/// <param name="Page">The chapter's page in the edition's folder, as a relative link (percent-escaped).</param>
/// <param name="Anchor">The element id on that page ("" for the top of the page).</param>
/// <param name="Chapter">The chapter's heading ("02 · Loss functions").</param>
/// <param name="Section">The section's heading, or the exercise's title.</param>
/// <param name="Text">The section's prose as plain text (no code, no outputs), whitespace collapsed.</param>
/// <param name="Kind">"section", or "exercise".</param>
internal sealed record SearchEntry(string Page, string Anchor, string Chapter, string Section, string Text, string Kind);

/// <summary>
/// Writes an edition's search index: every chapter's sections (the headings down to <c>###</c> with the anchors the
/// pages give them, and the prose under each) and its exercise titles, in the edition's language. Code and outputs are
/// left out: readers search for ideas, and outputs are the same in every edition anyway.
/// </summary>
/// <remarks>
/// The index is a script that sets a global rather than a JSON file, because a page opened from disk (file://) may not
/// fetch() its neighbours; the page's policy allows scripts from the site itself. The JSON inside is escaped so that no
/// indexed text, whatever a notebook holds, can end the script or become markup: <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c> and
/// quotes are written as <c>\uXXXX</c>, while other letters (Chinese among them) stay readable.
/// </remarks>
internal static partial class SearchIndex
{
    /// <summary>The index's file name in each edition's folder (pages load it from beside themselves).</summary>
    public const string FileName = "search-index.js";

    /// <summary>The global the script sets, which search.js reads.</summary>
    public const string Global = "LargeModelsCourseSearch";

    private static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = false,
    };

    /// <summary>Writes <see cref="FileName"/> into <paramref name="folder"/> (a staging folder the build swaps in whole).</summary>
    public static void Write(string folder, IReadOnlyList<Chapter> chapters, BookEdition edition, MarkdownRenderer markdown) =>
        File.WriteAllText(Path.Combine(folder, FileName), Script(Entries(chapters, edition, markdown), edition.Strings.Language));

    /// <summary>The index as a script: <c>window.LargeModelsCourseSearch = {…};</c>.</summary>
    public static string Script(IReadOnlyList<SearchEntry> entries, string language)
    {
        var array = new JsonArray(entries.Select(e => (JsonNode?)new JsonObject
        {
            ["p"] = e.Page,
            ["a"] = e.Anchor,
            ["c"] = e.Chapter,
            ["s"] = e.Section,
            ["t"] = e.Text,
            ["k"] = e.Kind,
        }).ToArray());
        var data = new JsonObject { ["language"] = language, ["entries"] = array }.ToJsonString(Json);
        return $"/* LargeModelsCourse search index ({language}), written by course book for search.js */\nwindow.{Global} = {data};\n";
    }

    /// <summary>The entries of every chapter, in reading order.</summary>
    public static IReadOnlyList<SearchEntry> Entries(IReadOnlyList<Chapter> chapters, BookEdition edition, MarkdownRenderer markdown)
    {
        var entries = new List<SearchEntry>();
        foreach (var chapter in chapters) entries.AddRange(ChapterEntries(chapter, edition, markdown));
        return entries;
    }

    private static List<SearchEntry> ChapterEntries(Chapter chapter, BookEdition edition, MarkdownRenderer markdown)
    {
        var notebook = chapter.Notebook;
        // Ids as the page gives them (PageContext.UniqueId): a heading's wanted id, made unique in page order.
        var used = new HashSet<string>(StringComparer.Ordinal);
        string Unique(string wanted)
        {
            var id = wanted;
            for (var n = 2; !used.Add(id); n++) id = $"{wanted}-{n}";
            return id;
        }

        var entries = new List<SearchEntry>();
        var anchor = "";
        var section = chapter.Title;
        var text = new StringBuilder();
        // A section's exercises follow it, so that entries (and ties between results) keep the reading order.
        var exercises = new List<SearchEntry>();
        void Flush()
        {
            var prose = Collapse(text.ToString());
            if (prose.Length > 0 || anchor.Length > 0)
                entries.Add(new SearchEntry(Html.PageUrl(chapter.PageName), anchor, chapter.Heading, section, prose, "section"));
            entries.AddRange(exercises);
            exercises.Clear();
            text.Clear();
        }

        foreach (var cell in notebook.Cells)
        {
            var tags = cell.Raw["metadata"]?["tags"] as JsonArray;
            if (tags?.Any(t => t?.ToString() == "remove-cell") == true) continue;
            if (cell.Language == CellLanguage.Markdown)
            {
                var ids = edition.HeadingIds?.Invoke(notebook.Name, cell.Id);
                var headingIndex = 0;
                foreach (var block in markdown.Parse(cell.Source))
                {
                    foreach (var heading in HeadingsIn(block))
                    {
                        var headingText = markdown.PlainText(cell.Source.Substring(heading.Span.Start, heading.Span.Length));
                        var wanted = ids is not null && headingIndex < ids.Count ? ids[headingIndex] : heading.GetAttributes().Id ?? Html.Token(headingText);
                        headingIndex++;
                        var id = Unique(wanted);
                        if (heading.Level > 3 || !ReferenceEquals(heading, block)) continue;
                        Flush();
                        anchor = id;
                        // The chapter's own # heading names the chapter; search shows the chapter beside every hit anyway.
                        section = heading.Level == 1 ? chapter.Title : Collapse(headingText);
                    }
                    if (block is HeadingBlock or CodeBlock) continue;
                    var plain = markdown.PlainText(cell.Source.Substring(block.Span.Start, block.Span.Length));
                    // Markdown's plain text keeps a raw HTML block as it is written: index what the page shows of it.
                    if (block is HtmlBlock) plain = Tag().Replace(Hidden().Replace(plain, " "), " ");
                    text.Append(plain).Append(' ');
                }
            }
            else if (cell.CellType == "code")
            {
                var removeInput = tags?.Any(t => t?.ToString() == "remove-input") == true;
                var hasOutputs = cell.Raw["outputs"] is JsonArray { Count: > 0 } && tags?.Any(t => t?.ToString() == "remove-output") != true;
                if (removeInput && !hasOutputs) continue;
                var id = Unique("cell-" + Html.Token(cell.Id));
                foreach (var title in ExerciseStrings.In(cell.Source).Where(s => s.Key.EndsWith(" title", StringComparison.Ordinal)))
                {
                    var shown = edition.ExerciseTitle?.Invoke(notebook.Name, title.English) ?? title.English;
                    exercises.Add(new SearchEntry(Html.PageUrl(chapter.PageName), id, chapter.Heading, Collapse(shown), "", "exercise"));
                }
            }
        }
        Flush();
        return entries;
    }

    // A block's headings in document order (a heading inside a quote or list still takes an id on the page).
    private static IEnumerable<HeadingBlock> HeadingsIn(Block block) => block switch
    {
        HeadingBlock heading => [heading],
        ContainerBlock container => container.Descendants<HeadingBlock>(),
        _ => [],
    };

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    // What the page's cleaning removes with its content (UntrustedHtml), and any tag.
    [GeneratedRegex(@"<(script|style|template|iframe|object|noscript)\b.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tag();
}
