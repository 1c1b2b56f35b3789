using System.Text.Json.Nodes;

namespace LargeModelsCourse.Display;

/// <summary>
/// One displayable value in every representation a front end may pick from, keyed by MIME type,
/// as Jupyter's display_data carries it. Values are strings, except JSON types
/// (<c>application/json</c>, <c>application/vnd.plotly.v1+json</c>), which are JSON nodes.
/// </summary>
public sealed class MimeBundle
{
    /// <summary>Plain text: what a terminal and every front end can show.</summary>
    public const string PlainText = "text/plain";
    /// <summary>HTML: what VS Code, JupyterLab and the book show.</summary>
    public const string Html = "text/html";
    /// <summary>Plotly's figure JSON, rendered natively by VS Code's and JupyterLab's renderers.</summary>
    public const string PlotlyJson = "application/vnd.plotly.v1+json";

    private readonly List<KeyValuePair<string, JsonNode>> entries = [];

    /// <summary>The MIME types in the order a front end should prefer them.</summary>
    public IEnumerable<string> MimeTypes => entries.Select(e => e.Key);

    /// <summary>Adds or replaces one representation.</summary>
    public MimeBundle With(string mimeType, JsonNode value)
    {
        entries.RemoveAll(e => e.Key == mimeType);
        entries.Add(new(mimeType, value));
        return this;
    }

    /// <summary>Adds or replaces a textual representation.</summary>
    public MimeBundle With(string mimeType, string value) => With(mimeType, JsonValue.Create(value)!);

    /// <summary>The representation for <paramref name="mimeType"/>, or null.</summary>
    public JsonNode? this[string mimeType] => entries.FirstOrDefault(e => e.Key == mimeType).Value;

    /// <summary>True when the bundle has <paramref name="mimeType"/>.</summary>
    public bool Has(string mimeType) => entries.Any(e => e.Key == mimeType);

    /// <summary>The plain-text representation (every bundle the course makes has one).</summary>
    public string Text => this[PlainText]?.GetValue<string>() ?? "";

    /// <summary>The bundle as nbformat's <c>data</c> object (text as one string, JSON as an object).</summary>
    public JsonObject ToJson()
    {
        var data = new JsonObject();
        foreach (var (mime, value) in entries) data[mime] = value.DeepClone();
        return data;
    }

    /// <summary>Reads nbformat's <c>data</c> object (text may be a string or a list of lines).</summary>
    public static MimeBundle FromJson(JsonObject data)
    {
        var bundle = new MimeBundle();
        foreach (var (mime, value) in data)
        {
            if (value is null) continue;
            bundle.With(mime, value is JsonArray lines && !mime.EndsWith("json", StringComparison.Ordinal)
                ? JsonValue.Create(string.Concat(lines.Select(l => l?.GetValue<string>())))!
                : value.DeepClone());
        }
        return bundle;
    }
}
