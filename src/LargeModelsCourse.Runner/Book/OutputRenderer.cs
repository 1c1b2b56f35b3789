using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// A code cell's outputs as HTML, the way the notebook has them: streams, rich display data, results and
/// errors. Charts are drawn from their Plotly JSON by the page's single copy of plotly.js.
/// </summary>
/// <remarks>
/// Every output that is not HTML is escaped (text/plain, streams, tracebacks, JSON). HTML outputs and
/// Markdown outputs are cleaned by <see cref="UntrustedHtml"/> (Markdown outputs are also rendered without raw
/// HTML), so what a cell displayed is shown and never run: the book may be built from a notebook someone
/// else wrote. The course's own charts inside HTML (the training board's) are drawn from their figure
/// JSON like any other chart, and a copy of plotly.js an output carries is dropped with its script.
/// </remarks>
internal sealed class OutputRenderer(MarkdownRenderer markdown)
{
    private readonly UntrustedHtml untrusted = UntrustedHtml.ForOutputs();

    private static readonly string[] Images = ["image/png", "image/jpeg", "image/gif", "image/webp"];

    // Escapes <, > and & as \u003C… so that figure JSON cannot close the <script> element that holds it.
    private static readonly JsonSerializerOptions FigureJsonOptions = new() { Encoder = JavaScriptEncoder.Default };

    /// <summary>All outputs of a code cell, or an empty string when it has none.</summary>
    public string Render(JsonArray outputs, PageContext page)
    {
        var html = new StringBuilder();
        foreach (var output in outputs.OfType<JsonObject>()) html.Append(RenderOne(output, page));
        return html.ToString();
    }

    private string RenderOne(JsonObject output, PageContext page)
    {
        var type = output["output_type"]?.GetValue<string>();
        switch (type)
        {
            case "stream":
                var name = output["name"]?.GetValue<string>() == "stderr" ? "stderr" : "stdout";
                var text = TerminalText.Clean(JoinText(output["text"]));
                return text.Length == 0 ? "" : $"<pre class=\"output output-stream output-{name}\">{Html.Encode(text)}</pre>\n";
            case "error":
                return RenderError(output);
            case "display_data" or "execute_result" or "update_display_data":
                return output["data"] is JsonObject data ? RenderData(MimeBundle.FromJson(data), page) : "";
            default:
                page.Warn($"has an output of unknown type \"{type}\"; it is left out of the book");
                return "";
        }
    }

    private string RenderData(MimeBundle bundle, PageContext page)
    {
        if (bundle[MimeBundle.PlotlyJson] is JsonObject figure) return RenderChart(figure, bundle.Text, page);
        if (bundle.Has(MimeBundle.Html))
        {
            var key = bundle[KeyResult.MimeType]?["key"]?.GetValue<string>();
            var classes = key is null ? "output output-html" : "output output-html output-result";
            var keyAttribute = key is null ? "" : $" data-key=\"{Html.Attribute(key)}\"";
            return $"<div class=\"{classes}\"{keyAttribute}>{CleanHtml(StringOf(bundle[MimeBundle.Html]), page)}</div>\n";
        }
        foreach (var image in Images)
        {
            if (StringOf(bundle[image]) is { Length: > 0 } data && IsBase64(data))
                return $"<div class=\"output output-image\"><img src=\"data:{image};base64,{string.Concat(data.Where(c => !char.IsWhiteSpace(c)))}\" alt=\"{Html.Attribute(bundle.Text)}\"></div>\n";
        }
        if (StringOf(bundle["image/svg+xml"]) is { Length: > 0 } svg)
        {
            // As an <img>, an SVG is drawn but any script inside it never runs.
            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
            return $"<div class=\"output output-image\"><img src=\"data:image/svg+xml;base64,{base64}\" alt=\"{Html.Attribute(bundle.Text)}\"></div>\n";
        }
        if (StringOf(bundle["text/markdown"]) is { Length: > 0 } md)
            return $"<div class=\"output output-markdown\">{untrusted.Clean(markdown.RenderOutput(md, page))}</div>\n";
        if (bundle["application/json"] is { } json)
            return $"<pre class=\"output output-text\">{Html.Encode(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }))}</pre>\n";
        if (bundle.Has(MimeBundle.PlainText))
            return $"<pre class=\"output output-text\">{Html.Encode(TerminalText.Clean(bundle.Text))}</pre>\n";
        var kinds = string.Join(", ", bundle.MimeTypes);
        page.Warn($"has an output with no representation the book shows ({kinds})");
        return $"<p class=\"output output-missing\">This output ({Html.Encode(kinds)}) is shown only in a notebook front end.</p>\n";
    }

    /// <summary>An HTML output cleaned of anything that could run, its inline charts drawn by the book.</summary>
    private string CleanHtml(string source, PageContext page)
    {
        // A class name no output can predict marks where each chart goes; cleaning keeps classes.
        var slot = "lmc-book-chart-slot-" + Guid.NewGuid().ToString("N");
        var (withSlots, figures) = InlineCharts.Extract(source, slot);
        var cleaned = untrusted.Clean(withSlots);
        for (var i = 0; i < figures.Count; i++)
        {
            var marker = $"<div class=\"{slot}-{i}\"></div>";
            var chart = RenderChart(figures[i], PlotlyOutput.Summary(figures[i]), page);
            cleaned = cleaned.Replace(marker, chart, StringComparison.Ordinal);
        }
        return cleaned;
    }

    private static string RenderChart(JsonObject figure, string summary, PageContext page)
    {
        var id = page.NextChartId();
        var json = figure.ToJsonString(FigureJsonOptions);
        var label = summary.Length > 0 ? summary : "Plotly chart";
        // The summary stays visible if plotly.js cannot run (printing to text, a browser without scripts).
        return $"""
            <figure class="output output-chart"><div class="plotly-chart" data-figure="{id}" role="img" aria-label="{Html.Attribute(label)}"><p class="chart-fallback">{Html.Encode(label)}</p></div><script type="application/json" id="{id}">{json}</script></figure>

            """;
    }

    private static string RenderError(JsonObject output)
    {
        var name = output["ename"]?.GetValue<string>() ?? "Error";
        var value = output["evalue"]?.GetValue<string>() ?? "";
        var traceback = output["traceback"] is JsonArray lines
            ? string.Join("\n", lines.Select(l => l?.GetValue<string>() ?? ""))
            : "";
        var header = TerminalText.Clean($"{name}: {value}");
        var trace = TerminalText.Clean(traceback);
        return $"<div class=\"output output-error\"><pre><strong>{Html.Encode(header)}</strong>" +
               (trace.Length == 0 ? "" : $"\n<span class=\"traceback\">{Html.Encode(trace)}</span>") + "</pre></div>\n";
    }

    /// <summary>True when <paramref name="data"/> is base64 (so it can go in a data: URI without escaping).</summary>
    public static bool IsBase64(string data) =>
        data.All(c => c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '+' or '/' or '=' || char.IsWhiteSpace(c));

    private static string JoinText(JsonNode? text) => text switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => "",
    };

    private static string StringOf(JsonNode? node) => JoinText(node);
}
