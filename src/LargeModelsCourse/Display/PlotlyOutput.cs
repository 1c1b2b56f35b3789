using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using DynamicObj;
using Microsoft.FSharp.Core;
using Plotly.NET;

namespace LargeModelsCourse.Display;

/// <summary>
/// A Plotly.NET chart as notebook output: the figure JSON that VS Code's and JupyterLab's Plotly renderers
/// draw natively, HTML that draws it with plotly.js without a network, and a plain-text summary.
/// </summary>
public static class PlotlyOutput
{
    private static readonly Lazy<string> Library = new(ReadEmbeddedLibrary);
    // Whether this host's page already has plotly.js: per host run, flowing with it (AsyncLocal) like the display
    // sink, so a notebook run and anything else in the same process (parallel tests, a warm-up) keep their own.
    private static readonly StrongBox<int> ProcessEmbedding = new();
    private static readonly AsyncLocal<StrongBox<int>?> RunEmbedding = new();

    private static StrongBox<int> Embedding => RunEmbedding.Value ?? ProcessEmbedding;

    /// <summary>The plotly.js version Plotly.NET embeds (and the book copies once into the site).</summary>
    public static string LibraryVersion { get; } = FindLibraryResource().Version;

    /// <summary>plotly.js itself, from the copy Plotly.NET ships, so nothing is fetched from a CDN.</summary>
    public static string LibrarySource => Library.Value;

    /// <summary>
    /// Makes the next chart's HTML carry plotly.js inline again. Hosts call this when a new notebook
    /// (a new page) starts, so the first chart of every notebook works on its own offline.
    /// </summary>
    public static void ResetLibraryEmbedding() => RunEmbedding.Value = new StrongBox<int>();

    /// <summary>
    /// Claims the "first chart of the notebook carries plotly.js" slot: true exactly once per notebook.
    /// For outputs that build their own HTML around a chart (a live training board) and must carry
    /// the library in their final form when they are the notebook's first chart.
    /// </summary>
    public static bool ClaimLibraryEmbedding() => Interlocked.Exchange(ref Embedding.Value, 1) == 0;

    /// <summary>The figure as Plotly's JSON: <c>{ data, layout, config }</c>.</summary>
    /// <remarks>
    /// Plotly.NET serializes a chart's template (the light grid look, 8 KB of JSON) by reflection each time: 100–300 ms
    /// per chart on the course's 2-core machine, against 0.3 ms for the rest of a simple chart. Each chart carries its
    /// own copy of the template, but the copies are equal (DynamicObj compares by content in 1–3 ms), so the JSON is
    /// made once per distinct template and spliced in.
    /// </remarks>
    public static JsonObject FigureJson(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var layout = GenericChart.getLayout(chart);
        var found = layout.TryGetTypedPropertyValue<Template>("template");
        var template = found is not null && FSharpOption<Template>.get_IsSome(found) ? found.Value : null;
        // The layout object belongs to the chart: take its template out for the serialization, then put it back.
        if (template is not null) layout.RemoveProperty("template");
        JsonObject figure;
        try
        {
            figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
        }
        finally
        {
            if (template is not null) layout.SetProperty("template", template);
        }
        if (template is not null)
        {
            figure["layout"] ??= new JsonObject();
            figure["layout"]!["template"] = TemplateJsonFor(template).DeepClone();
        }
        figure.Remove("frames");
        figure["config"] ??= new JsonObject { ["responsive"] = true };
        return figure;
    }

    // The few distinct templates seen (a notebook uses one or two), newest first, each with its JSON.
    private static readonly List<(Template Template, JsonNode Json)> TemplateJson = [];
    private const int TemplatesKept = 8;

    private static JsonNode TemplateJsonFor(Template template)
    {
        lock (TemplateJson)
        {
            foreach (var (known, json) in TemplateJson)
            {
                if (ReferenceEquals(known, template) || known.Equals(template)) return json;
            }
        }
        var made = JsonNode.Parse(Newtonsoft.Json.JsonConvert.SerializeObject(template))!;
        lock (TemplateJson)
        {
            TemplateJson.Insert(0, (template, made));
            if (TemplateJson.Count > TemplatesKept) TemplateJson.RemoveAt(TemplateJson.Count - 1);
        }
        return made;
    }

    /// <summary>All three representations of a chart.</summary>
    public static MimeBundle ToMimeBundle(GenericChart chart)
    {
        var figure = FigureJson(chart);
        var includeLibrary = ClaimLibraryEmbedding();
        return new MimeBundle()
            .With(MimeBundle.PlotlyJson, figure)
            .With(MimeBundle.Html, Html(figure, includeLibrary))
            .With(MimeBundle.PlainText, Summary(figure));
    }

    /// <summary>
    /// HTML that draws <paramref name="figure"/>. With <paramref name="includeLibrary"/> the page carries
    /// plotly.js inline; without, it uses the copy an earlier output (or the page) loaded.
    /// </summary>
    public static string Html(JsonObject figure, bool includeLibrary)
    {
        var id = "lmc-plot-" + Guid.NewGuid().ToString("N")[..12];
        var json = figure.ToJsonString().Replace("</", "<\\/", StringComparison.Ordinal);
        var library = includeLibrary
            ? $"<script type=\"text/javascript\">if(!window.Plotly){{{Library.Value.Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase)}\n}}</script>"
            : "";
        return $$$"""
            {{{library}}}<div id="{{{id}}}" class="lmc-plot" style="width:100%;min-height:420px"></div>
            <script type="text/javascript">(function(){var fig={{{json}}};var tries=0;
            function draw(){if(window.Plotly){window.Plotly.newPlot('{{{id}}}',fig.data,fig.layout,fig.config);}
            else if(tries++<100){setTimeout(draw,50);}
            else{document.getElementById('{{{id}}}').textContent='This chart needs plotly.js: run the first chart cell of the notebook again.';}}
            draw();})();</script>
            """;
    }

    /// <summary>A one-line description of the chart: its title and traces.</summary>
    public static string Summary(JsonObject figure)
    {
        var traces = figure["data"] as JsonArray ?? [];
        var title = figure["layout"]?["title"]?["text"]?.GetValue<string>();
        var kinds = traces.Select(t => $"{t?["type"]?.GetValue<string>() ?? "scatter"}" +
                                       (t?["name"] is JsonValue n ? $" '{n}'" : ""));
        return $"Plotly chart{(title is null ? "" : $" \"{WebUtility.HtmlDecode(title)}\"")}: {traces.Count} trace(s): {string.Join(", ", kinds)}";
    }

    private static (string Name, string Version) FindLibraryResource()
    {
        var name = typeof(GenericChart).Assembly.GetManifestResourceNames()
            .First(n => n.StartsWith("Plotly.NET.plotly-", StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal));
        return (name, name["Plotly.NET.plotly-".Length..^".min.js".Length]);
    }

    private static string ReadEmbeddedLibrary()
    {
        var (name, _) = FindLibraryResource();
        using var stream = typeof(GenericChart).Assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The plotly.js licence text Plotly.NET ships beside the library (copied with it).</summary>
    public static string LibraryLicence()
    {
        var (name, _) = FindLibraryResource();
        using var stream = typeof(GenericChart).Assembly.GetManifestResourceStream(name + ".LICENSE.txt");
        if (stream is null) return "plotly.js is MIT-licensed (c) Plotly, Inc.";
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    internal static JsonSerializerOptions JsonOptions { get; } = new() { WriteIndented = false };
}
