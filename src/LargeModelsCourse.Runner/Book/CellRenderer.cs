using System.Text;
using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Notebooks;

namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// A chapter's cells as HTML sections: each Markdown section and each code cell (its code and outputs) is
/// one <c>section.cell</c>. Its <c>data-slide</c> is <see cref="SlideRule"/>'s slide type for the cell, so presentation
/// mode cuts the chapter into the same slides as <c>jupyter nbconvert --to slides</c>.
/// </summary>
/// <remarks>
/// Code is emitted as escaped text with a <c>language-…</c> class; highlight.js, copied into the site from
/// npm, colours it in the browser. The set-up cell (<c>#r "nuget: …"</c> lines) is folded: every chapter
/// starts with the same one and readers come for what follows it. Jupyter's cell tags <c>remove-cell</c>,
/// <c>remove-input</c>, <c>remove-output</c>, <c>hide-input</c> and <c>hide-output</c> are honoured, as
/// Jupyter Book does, so authors can shape the book without changing what runs.
/// </remarks>
internal sealed class CellRenderer(MarkdownRenderer markdown, OutputRenderer outputs, BookStrings words)
{
    // Languages highlight.js's common build knows; others are shown as plain text (no console warning).
    private static readonly Dictionary<string, string> HighlightLanguages = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csharp"] = "csharp",
        ["fsharp"] = "plaintext",
        ["javascript"] = "javascript",
        ["html"] = "xml",
        ["sql"] = "sql",
        ["markdown"] = "markdown",
        ["json"] = "json",
        ["python"] = "python",
        ["bash"] = "bash",
        ["pwsh"] = "plaintext",
        ["powershell"] = "plaintext",
        ["mermaid"] = "plaintext",
    };

    /// <summary>The article body for <paramref name="notebook"/>.</summary>
    public string Render(NotebookDocument notebook, PageContext page)
    {
        var html = new StringBuilder();
        // Presentation mode follows the same rule as the notebooks' Jupyter slide metadata: data-slide says where a slide starts.
        var slides = SlideRule.For(notebook);
        // Cells of an optional deep dive carry data-deep-dive: presentation mode passes them by unless asked (key d).
        var deepDive = ChapterLength.InDeepDive(notebook);
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            var tags = Tags(cell.Raw);
            if (tags.Contains("remove-cell")) continue;
            var slide = SlideRule.JupyterName(slides[i]);
            var dive = deepDive[i] ? " data-deep-dive=\"true\"" : "";
            if (cell.Language == CellLanguage.Markdown)
            {
                // A cell the book cuts at a later heading is still one slide, as it is in Jupyter's slide show.
                var before = page.Sections.Count;
                var sections = markdown.RenderSections(cell.Source, cell.Raw["attachments"] as JsonObject, page, page.HeadingIds?.Invoke(cell.Id));
                if (page.Sections.Count > before) page.AddCellSection(cell.Id, page.Sections[before]);
                for (var s = 0; s < sections.Count; s++)
                    html.Append($"<section class=\"cell cell-markdown\" data-slide=\"{(s == 0 ? slide : SlideRule.JupyterName(SlideType.Continue))}\"{dive}>\n").Append(sections[s]).Append("</section>\n");
            }
            else if (cell.CellType == "code")
            {
                html.Append(RenderCode(cell, tags, page, slide, dive));
            }
            // Raw cells are meant for other converters (LaTeX, reST); the book, like nbconvert's HTML, leaves them out.
        }
        return html.ToString();
    }

    private string RenderCode(NotebookCell cell, HashSet<string> tags, PageContext page, string slide, string dive)
    {
        var rendered = tags.Contains("remove-output") ? "" : outputs.Render(cell.Raw["outputs"] as JsonArray ?? [], page);
        var showInput = !tags.Contains("remove-input");
        if (!showInput && rendered.Length == 0) return "";

        var count = cell.Raw["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : (int?)null;
        var html = new StringBuilder($"<section class=\"cell cell-code\" id=\"{page.UniqueId("cell-" + Html.Token(cell.Id))}\" data-slide=\"{slide}\"{dive}>\n");
        if (showInput)
        {
            var code = cell.Source.TrimStart('\n').TrimEnd();
            var language = HighlightLanguages.GetValueOrDefault(cell.LanguageName, "plaintext");
            var prompt = count is null ? "" : $"<span class=\"prompt\" title=\"execution count\">[{count}]</span>";
            var input = $"<div class=\"cell-input\">{prompt}<pre><code class=\"language-{language}\">{Html.Encode(code)}</code></pre></div>\n";
            var isSetup = code.Split('\n').Any(l => l.TrimStart().StartsWith("#r ", StringComparison.Ordinal));
            if (isSetup) html.Append($"<details class=\"cell-fold cell-setup\"><summary>{Html.Encode(words.SetupCell)}</summary>\n").Append(input).Append("</details>\n");
            else if (tags.Contains("hide-input")) html.Append($"<details class=\"cell-fold\"><summary>{Html.Encode(words.ShowTheCode)}</summary>\n").Append(input).Append("</details>\n");
            else html.Append(input);
        }
        if (rendered.Length > 0)
        {
            var folded = tags.Contains("hide-output");
            html.Append(folded ? $"<details class=\"cell-fold\"><summary>{Html.Encode(words.ShowTheOutput)}</summary>\n" : "")
                .Append("<div class=\"cell-outputs\">\n").Append(rendered).Append("</div>\n")
                .Append(folded ? "</details>\n" : "");
        }
        return html.Append("</section>\n").ToString();
    }

    private static HashSet<string> Tags(JsonObject cell) =>
        cell["metadata"]?["tags"] is JsonArray tags
            ? tags.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").ToHashSet(StringComparer.Ordinal)
            : [];
}
