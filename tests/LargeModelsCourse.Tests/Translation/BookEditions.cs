using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using LargeModelsCourse.Runner.Book;

namespace LargeModelsCourse.Tests.Translation;

/// <summary>Compares a book's English and translated editions page by page: code and outputs must be the very same.</summary>
public static class BookEditions
{
    /// <summary>
    /// Every difference between the code cells (code and outputs) of a chapter page in the two editions, apart from the
    /// words of exercise cards (the card's verdict class and the student's answer must still agree); empty when none.
    /// </summary>
    public static IReadOnlyList<string> CodeCellDifferences(BookResult book, string language)
    {
        var differences = new List<string>();
        var parser = new HtmlParser();
        foreach (var chapter in book.Chapters)
        {
            var english = Cells(parser.ParseDocument(File.ReadAllText(Path.Combine(book.OutputFolder, chapter.PageName))));
            var translatedFile = Path.Combine(book.OutputFolder, language, chapter.PageName);
            if (!File.Exists(translatedFile))
            {
                differences.Add($"{chapter.PageName}: no {language} page");
                continue;
            }
            var translated = Cells(parser.ParseDocument(File.ReadAllText(translatedFile)));
            if (!english.Keys.SequenceEqual(translated.Keys))
                differences.Add($"{chapter.PageName}: the code cells differ ({english.Count} in English, {translated.Count} in {language})");
            foreach (var (id, html) in english)
            {
                if (translated.TryGetValue(id, out var other) && other != html)
                    differences.Add($"{chapter.PageName} #{id}: the code or outputs differ:\n  en: {Cut(html)}\n  {language}: {Cut(other)}");
            }
        }
        return differences;
    }

    /// <summary>How many exercise cards a page shows in <paramref name="language"/> (their <c>lang</c> attribute).</summary>
    public static int CardsIn(string page, string language) =>
        new HtmlParser().ParseDocument(File.ReadAllText(page)).QuerySelectorAll($".lmc-exercise[lang='{language}']").Length;

    private static Dictionary<string, string> Cells(IDocument page)
    {
        var cells = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in page.QuerySelectorAll("section.cell-code[id]"))
        {
            // Folds are labelled in the page's language; what they fold is what is compared.
            foreach (var summary in section.QuerySelectorAll("details.cell-fold > summary").ToList()) summary.Remove();
            foreach (var card in section.QuerySelectorAll(".lmc-exercise").ToList())
            {
                var answer = card.QuerySelector("code")?.TextContent ?? "";
                var verdict = card.ClassList.Contains("lmc-correct") ? "correct" : "not-yet";
                var solution = card.QuerySelector("details.lmc-solution pre")?.OuterHtml ?? "";
                card.OuterHtml = $"<div class=\"card\">{verdict} {System.Net.WebUtility.HtmlEncode(answer)} {solution}</div>";
            }
            cells[section.Id!] = section.OuterHtml;
        }
        return cells;
    }

    private static string Cut(string html) => html.Length <= 300 ? html : html[..300] + "…";
}
