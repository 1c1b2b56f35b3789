using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
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

    /// <summary>Whether a chart of this notebook has already carried plotly.js.</summary>
    public static bool LibraryEmbeddingClaimed => Volatile.Read(ref Embedding.Value) != 0;

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
    /// The kernelspec folder name <c>course kernel install</c> writes; a Jupyter server serves the files in it at
    /// <c>{base}kernelspecs/{name}/</c>, which is where charts fetch plotly.js when no output on the page carries it.
    /// </summary>
    public const string JupyterKernelspecName = "largemodelscourse-csharp";

    /// <summary>The name of plotly.js's copy beside the kernelspec (versioned, so a stale install is not used).</summary>
    public static string ServedLibraryFileName { get; } = $"plotly-{LibraryVersion}.min.js";

    /// <summary>An attribute only the script carrying plotly.js has (tests and tools find the library by it).</summary>
    public const string LibraryMarker = "data-lmc-plotly-library";

    /// <summary>
    /// HTML that draws <paramref name="figure"/>. With <paramref name="includeLibrary"/> the output carries
    /// plotly.js inline; without, it uses the copy an earlier output (or the page) loaded.
    /// </summary>
    /// <remarks>
    /// Where it draws: VS Code draws the bundle's Plotly JSON and never this. JupyterLab, nbconvert's HTML and
    /// the classic Notebook run its scripts, and the classic Notebook and nbconvert's templates load require.js,
    /// whose <c>define</c> would capture plotly.js's UMD header (an anonymous module outside require's loader:
    /// "Mismatched anonymous define()", and no <c>window.Plotly</c>). So the library runs with a local
    /// <c>module</c>/<c>exports</c> pair, which its header prefers, becomes <c>window.Plotly</c>, and is also
    /// registered as require.js's named module <c>plotly</c> where require.js is present (what Jupyter's own Plotly
    /// integration uses). A chart first looks for that copy (its carrier may render a moment later), then, on a
    /// page a Jupyter server serves, fetches the copy beside the kernelspec: that covers a notebook whose carrying
    /// output was cleared, or that JupyterLab renders lazily from the middle. The static note inside the chart's
    /// box says in words why nothing is drawn when the front end refuses to run scripts (an untrusted notebook);
    /// the script replaces it with the chart. Timers of outputs that a live update replaced stop quietly.
    /// </remarks>
    public static string Html(JsonObject figure, bool includeLibrary)
    {
        ArgumentNullException.ThrowIfNull(figure);
        var id = "lmc-plot-" + Guid.NewGuid().ToString("N")[..12];
        var json = figure.ToJsonString().Replace("</", "<\\/", StringComparison.Ordinal);
        var summary = WebUtility.HtmlEncode(Summary(figure));
        var note = JsonSerializer.Serialize(Summary(figure)).Replace("</", "<\\/", StringComparison.Ordinal);
        // plotly.js (3.6 million characters) is put in front afterwards, not interpolated (see WithLibrary).
        var chart = $$$"""
            <div id="{{{id}}}" class="lmc-plot" style="width:100%"><p class="lmc-plot-note" style="padding:.6em;border:1px dashed #b07000;color:#6b4500;font-family:system-ui,sans-serif">{{{summary}}}. It is drawn by a script, which has not run here: this front end runs a notebook's scripts only when the notebook is trusted. Trust it (classic Notebook: File &#9656; Trust Notebook; JupyterLab: command palette &#9656; Trust Notebook) or run the cell again.</p></div>
            <script type="text/javascript">(function(){var fig={{{json}}};var id='{{{id}}}',w=window,waited=0;
            function box(){return document.getElementById(id);}
            function say(t){var b=box();if(!b)return;var n=b.querySelector('.lmc-plot-note');if(!n){n=document.createElement('p');n.className='lmc-plot-note';b.appendChild(n);}n.textContent=t;}
            function draw(P){var b=box();if(!b||!P)return;if(!w.Plotly)w.Plotly=P;var n=b.querySelector('.lmc-plot-note');if(n)n.parentNode.removeChild(n);P.newPlot('{{{id}}}',fig.data,fig.layout,fig.config);}
            function served(){var base=null;try{var c=document.getElementById('jupyter-config-data');if(c)base=JSON.parse(c.textContent).baseUrl;}catch(e){}
            if(!base&&document.body)base=document.body.getAttribute('data-base-url');
            return base?base.replace(/\/?$/,'/')+'kernelspecs/{{{JupyterKernelspecName}}}/{{{ServedLibraryFileName}}}':null;}
            function fetchServed(){if(w.lmcPlotlyServed)return w.lmcPlotlyServed;var url=served();
            w.lmcPlotlyServed=new Promise(function(ok,no){if(!url){no();return;}
            if(typeof w.require==='function'&&typeof w.define==='function'&&w.define.amd){w.require([url],function(P){ok(P||w.Plotly);},function(){no();});}
            else{var s=document.createElement('script');s.src=url;s.onload=function(){if(w.Plotly)ok(w.Plotly);else no();};s.onerror=function(){no();};document.head.appendChild(s);}});
            return w.lmcPlotlyServed;}
            function find(){var b=box();
            if(!b){if(waited++<200)setTimeout(find,50);return;}
            if(w.Plotly){draw(w.Plotly);return;}
            var r=w.require;if(typeof r==='function'&&r.defined&&r.defined('plotly')){r(['plotly'],draw);return;}
            if(waited++<40){setTimeout(find,50);return;}
            fetchServed().then(draw,function(){say({{{note}}}+'. plotly.js, which draws it, is not on this page: the notebook carries one copy, in the output of its first chart, and that output is missing or has not run. Run the notebook again (Run All), save it, and export it again; in Jupyter, `course kernel install` also puts a copy beside the kernel.');});}
            find();})();</script>
            """;
        return includeLibrary ? WithLibrary(chart) : chart;
    }

    /// <summary>
    /// <paramref name="chart"/> after a script that runs plotly.js. Built in one ordinary array, not by
    /// <c>string.Replace</c> with a comparison or by interpolation: both build in a pooled buffer the size of the library
    /// (8 MB), which the shared pool then keeps for the thread until it trims, minutes later.
    /// </summary>
    private static string WithLibrary(string chart)
    {
        const string closing = "</script";
        var source = Library.Value;
        var html = new StringBuilder(source.Length + chart.Length + 1024)
            .Append("<script type=\"text/javascript\" ").Append(LibraryMarker).Append("=\"").Append(LibraryVersion)
            .Append("\">(function(){if(window.Plotly)return;var module={exports:{}},exports=module.exports;\n");
        var start = 0;
        for (int at; (at = source.IndexOf(closing, start, StringComparison.OrdinalIgnoreCase)) >= 0; start = at + closing.Length)
            html.Append(source, start, at - start).Append("<\\/script");
        return html.Append(source, start, source.Length - start)
            .Append("\n;window.Plotly=module.exports;})();\n")
            .Append("(function(){var d=window.define,r=window.require;if(typeof d==='function'&&d.amd&&typeof r==='function'&&!(r.specified&&r.specified('plotly'))){d('plotly',[],function(){return window.Plotly;});r(['plotly'],function(){});}})();</script>")
            .Append(chart)
            .ToString();
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
