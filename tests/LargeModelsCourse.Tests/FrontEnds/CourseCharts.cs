using System.Text.Json;
using Microsoft.Playwright;

namespace LargeModelsCourse.Tests.FrontEnds;

/// <summary>What a page shows of the course's chart outputs (<c>div.lmc-plot</c>), in any front end.</summary>
internal sealed record CourseChart(string Id, bool Svg, int DataTraces, int DrawnTraces, string Note)
{
    /// <summary>Drawn: plotly.js made its SVG, holds data and drew every trace, and the "not drawn" note is gone.</summary>
    public bool Drawn => Svg && DataTraces > 0 && DrawnTraces >= DataTraces && Note.Length == 0;

    public override string ToString() => $"{Id}: svg {Svg}, {DrawnTraces} of {DataTraces} traces drawn{(Note.Length > 0 ? $", says \"{Note}\"" : "")}";

    /// <summary>
    /// Every course chart in <paramref name="frame"/> (a page or an iframe), inside the element the JavaScript expression
    /// <paramref name="root"/> gives (JupyterLab keeps other open notebooks in the same page).
    /// </summary>
    public static async Task<IReadOnlyList<CourseChart>> ReadAsync(IFrame frame, string root = "document")
    {
        const string read = """
            root => [...root.querySelectorAll('div.lmc-plot')].map(el => ({
              id: el.id,
              svg: el.querySelector('svg.main-svg') !== null,
              dataTraces: (el.data || []).length,
              // Plotly draws scatter and bar traces as g.trace, contours as g.contour, heatmaps as g.hm, images as g.im.
              drawnTraces: el.querySelectorAll('.main-svg g.trace, .main-svg g.contour, .main-svg g.hm, .main-svg g.im').length,
              note: (el.querySelector('.lmc-plot-note') || {}).textContent || ''
            }))
            """;
        var json = await frame.EvaluateAsync<JsonElement>($"() => ({read})({root})");
        return json.EnumerateArray().Select(c => new CourseChart(c.GetProperty("id").GetString()!, c.GetProperty("svg").GetBoolean(),
            c.GetProperty("dataTraces").GetInt32(), c.GetProperty("drawnTraces").GetInt32(), c.GetProperty("note").GetString()!)).ToList();
    }

    /// <summary>Waits until <paramref name="expected"/> charts are present and drawn (or the time is up); returns what is there.</summary>
    public static async Task<IReadOnlyList<CourseChart>> WaitDrawnAsync(IFrame frame, int expected, TimeSpan timeout, string root = "document")
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var charts = await ReadAsync(frame, root);
            if ((charts.Count >= expected && charts.All(c => c.Drawn)) || DateTime.UtcNow > until) return charts;
            await Task.Delay(250);
        }
    }
}
