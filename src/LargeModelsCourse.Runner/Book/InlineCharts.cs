using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// Finds the charts the course's library draws inside an HTML output (the training board's loss chart:
/// a <c>div.lmc-plot</c> and a script holding <c>var fig={…}</c>, sometimes after an inline copy of
/// plotly.js) and takes out their figure JSON, so the book draws them from data with its own copy of
/// plotly.js while the output's scripts, and any library they carry, are removed.
/// </summary>
internal static class InlineCharts
{
    private const string FigurePrefix = "var fig=";

    /// <summary>
    /// The HTML with each chart replaced by an empty <c>div</c> whose class is <paramref name="slotClass"/>-N
    /// (a class survives cleaning), and the figures in order; the HTML is returned unchanged when it has none.
    /// </summary>
    public static (string Html, IReadOnlyList<JsonObject> Figures) Extract(string html, string slotClass)
    {
        if (!html.Contains("lmc-plot", StringComparison.Ordinal)) return (html, []);
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + html);
        var body = document.Body!;
        var scripts = body.QuerySelectorAll("script").ToList();
        var figures = new List<JsonObject>();
        foreach (var chart in body.QuerySelectorAll("div.lmc-plot[id]").ToList())
        {
            var call = $"newPlot('{chart.Id}'";
            var script = scripts.FirstOrDefault(s => s.TextContent.Contains(call, StringComparison.Ordinal));
            if (script is null || FigureOf(script.TextContent) is not { } figure) continue;
            var slot = document.CreateElement("div");
            slot.ClassName = $"{slotClass}-{figures.Count}";
            chart.Replace(slot);
            script.Remove();
            figures.Add(figure);
        }
        return figures.Count == 0 ? (html, figures) : (body.InnerHtml, figures);
    }

    private static JsonObject? FigureOf(string script)
    {
        var start = script.IndexOf(FigurePrefix, StringComparison.Ordinal);
        if (start < 0) return null;
        var bytes = Encoding.UTF8.GetBytes(script[(start + FigurePrefix.Length)..]);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowTrailingCommas = false });
        try
        {
            // Reads exactly one JSON value and stops before the script that follows it.
            return JsonNode.Parse(ref reader) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
