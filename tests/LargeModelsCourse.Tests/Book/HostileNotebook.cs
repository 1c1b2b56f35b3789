using System.Text.Json.Nodes;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Tests.Book;

/// <summary>
/// Executed notebooks written by a test, as someone else's notebook could be: every payload tries to set
/// <c>window.__pwned</c> (or open a dialog) from a Markdown cell, a <c>text/html</c> output, a
/// <c>text/markdown</c> output and an image's alt text, next to text that must stay visible.
/// </summary>
public static class HostileNotebook
{
    /// <summary>Text each place shows; the browser tests look for it.</summary>
    public const string MarkdownCellText = "Visible markdown cell text";
    public const string HtmlOutputText = "Visible HTML output text";
    public const string MarkdownOutputText = "Visible markdown output text";
    public const string AltText = "Visible alt text \"><img src=x onerror=\"window.__pwned='alt'\">";

    /// <summary>A notebook that tries every injection, and draws one training-board chart with plotly.js inlined.</summary>
    public static JsonObject Build()
    {
        var figure = new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject { ["type"] = "scatter", ["x"] = new JsonArray(1, 2, 3), ["y"] = new JsonArray(3, 1, 2), ["name"] = "loss" }),
            ["layout"] = new JsonObject { ["title"] = new JsonObject { ["text"] = "board chart" } },
        };
        // Exactly what the training board stores: its HTML with the whole of plotly.js inline and the chart's script.
        var board = "<div class=\"lmc-training\"><div><b>Training</b>: finished</div>" + PlotlyOutput.Html(figure, includeLibrary: true) + "</div>";
        return Notebook(
            Markdown($"# Hostile notebook\n\n{MarkdownCellText} <img src=x onerror=\"window.__pwned='md-img';alert('md')\">\n\n" +
                     "[markdown cell link](javascript:window.__pwned='md-link') <a href=\"javascript:window.__pwned='md-a'\" id=\"md-a\">raw link</a>\n\n" +
                     "<script>window.__pwned='md-script'</script>\n\n<details><summary>Folded</summary>Inside the fold</details>\n"),
            Code(1, "display(hostile);",
                Display(new JsonObject
                {
                    ["text/html"] = $"<p>{HtmlOutputText}</p><img src=x onerror=\"window.__pwned='html-img'\"><script>window.__pwned='html-script';alert('html')</script>" +
                                    "<a id=\"html-link\" href=\"javascript:window.__pwned='html-link'\">html link</a><iframe src=\"javascript:window.__pwned='iframe'\"></iframe>" +
                                    "<svg onload=\"window.__pwned='svg'\"><circle r=\"2\"/></svg><form action=\"javascript:window.__pwned='form'\"><button>go</button></form>" +
                                    "<a href=\"data:text/html,<script>alert(1)</script>\">data link</a><object data=\"javascript:window.__pwned='object'\"></object>" +
                                    "<base href=\"javascript:window.__pwned='base'//\"><div style=\"background:url(javascript:window.__pwned='css')\">styled</div>",
                    ["text/plain"] = "hostile html",
                }),
                Display(new JsonObject
                {
                    ["text/markdown"] = $"{MarkdownOutputText} <img src=x onerror=\"window.__pwned='mdout-img'\"> [markdown output link](javascript:window.__pwned='mdout-link') <script>window.__pwned='mdout-script'</script>",
                }),
                Display(new JsonObject
                {
                    // A 1×1 PNG; its alt text (the plain text) tries to close the attribute.
                    ["image/png"] = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
                    ["text/plain"] = AltText,
                }),
                Display(new JsonObject { ["text/html"] = board, ["text/plain"] = "board" })));
    }

    /// <summary>A notebook of one Markdown cell (for names and links tests).</summary>
    public static JsonObject Plain(string title) => Notebook(Markdown($"# {title}\n\nA page."), Code(1, "1", Display(new JsonObject { ["text/plain"] = "1" })));

    /// <summary>Writes <paramref name="notebook"/> as <paramref name="name"/> in <paramref name="folder"/>.</summary>
    public static void Write(string folder, string name, JsonObject notebook)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name), notebook.ToJsonString());
    }

    private static JsonObject Notebook(params JsonObject[] cells) => new()
    {
        ["nbformat"] = 4,
        ["nbformat_minor"] = 5,
        ["metadata"] = new JsonObject
        {
            ["kernelspec"] = new JsonObject { ["name"] = "largemodelscourse-csharp", ["display_name"] = "C# (LargeModelsCourse)", ["language"] = "csharp" },
            ["language_info"] = new JsonObject { ["name"] = "csharp" },
        },
        ["cells"] = new JsonArray(cells.Cast<JsonNode>().ToArray()),
    };

    private static JsonObject Markdown(string source) => new()
    {
        ["cell_type"] = "markdown",
        ["id"] = "md-" + Guid.NewGuid().ToString("N")[..8],
        ["metadata"] = new JsonObject(),
        ["source"] = source,
    };

    private static JsonObject Code(int count, string source, params JsonObject[] outputs) => new()
    {
        ["cell_type"] = "code",
        ["id"] = "code-" + Guid.NewGuid().ToString("N")[..8],
        ["metadata"] = new JsonObject(),
        ["execution_count"] = count,
        ["source"] = source,
        ["outputs"] = new JsonArray(outputs.Cast<JsonNode>().ToArray()),
    };

    private static JsonObject Display(JsonObject data) => new()
    {
        ["output_type"] = "display_data",
        ["data"] = data,
        ["metadata"] = new JsonObject(),
    };
}
