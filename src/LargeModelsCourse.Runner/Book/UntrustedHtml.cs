using Ganss.Xss;

namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// Cleans HTML that came from a notebook (a cell's <c>text/html</c> output, Markdown rendered from a cell or
/// an output) so that the book shows it and never runs it: an allow-list of tags, attributes and CSS
/// properties, with <c>javascript:</c> and every other script-capable URL dropped. Built on HtmlSanitizer
/// (a maintained parser-based sanitizer on AngleSharp's HTML5 parser): a hand-written filter would have to
/// parse HTML exactly as a browser does to be safe, which is what that library exists for.
/// </summary>
/// <remarks>
/// The allow-list covers what the course's own outputs use (result cards, exercise cards with their
/// <c>&lt;details&gt;</c> solutions, tables, .NET Interactive's object and tensor views with their
/// <c>&lt;style&gt;</c>, the training board's inline styles), so they look the same in the book; scripts,
/// event handlers, frames, objects, forms and <c>&lt;base&gt;</c> never pass. The page's
/// Content-Security-Policy (see <see cref="PageLayout"/>) stops scripts a second time should anything slip
/// through.
/// </remarks>
internal sealed class UntrustedHtml
{
    private static readonly string[] ExtraTags =
    [
        "details", "summary", "figure", "figcaption", "caption", "colgroup", "col", "kbd", "samp", "var", "mark",
        "small", "sub", "sup", "abbr", "input", "style", "section", "article", "aside", "header", "footer", "nav",
    ];

    private static readonly string[] ExtraAttributes =
    [
        "class", "title", "role", "open", "colspan", "rowspan", "scope", "align", "start", "type", "checked", "disabled",
        "aria-label", "aria-hidden", "aria-valuenow", "aria-valuemin", "aria-valuemax", "aria-describedby", "data-key",
    ];

    // Layout properties the course's own HTML (training board, tables) sets inline; colours, fonts and
    // boxes are in HtmlSanitizer's defaults. None of these can run script or fetch anything.
    private static readonly string[] ExtraCss =
    [
        "display", "gap", "row-gap", "column-gap", "align-items", "align-content", "justify-content", "flex",
        "flex-direction", "flex-wrap", "flex-grow", "flex-shrink", "flex-basis", "font-variant-numeric",
        "border-radius", "overflow", "overflow-x", "overflow-y", "white-space", "caption-side", "min-height",
        "max-height", "min-width", "max-width", "box-sizing", "opacity", "text-overflow", "word-break",
    ];

    private readonly HtmlSanitizer sanitizer;

    private UntrustedHtml(bool allowIds)
    {
        sanitizer = new HtmlSanitizer();
        foreach (var tag in ExtraTags) sanitizer.AllowedTags.Add(tag);
        // A form could post what a reader types to another site; nothing in the course needs one.
        foreach (var tag in new[] { "form", "textarea", "select", "option", "optgroup", "fieldset", "legend" }) sanitizer.AllowedTags.Remove(tag);
        foreach (var attribute in ExtraAttributes) sanitizer.AllowedAttributes.Add(attribute);
        // Ids are kept in Markdown (headings, footnotes, the sidebar's anchors) and dropped from outputs,
        // so an output cannot take the id of a chart's data or of the page's own parts.
        if (allowIds) sanitizer.AllowedAttributes.Add("id");
        else sanitizer.AllowedAttributes.Remove("id");
        foreach (var property in ExtraCss) sanitizer.AllowedCssProperties.Add(property);
        sanitizer.AllowDataAttributes = false;
        sanitizer.AllowedSchemes.Clear();
        foreach (var scheme in new[] { "http", "https", "mailto", "data" }) sanitizer.AllowedSchemes.Add(scheme);
        sanitizer.FilterUrl += (_, e) =>
        {
            // data: only as an image's pixels (base64 attachments and plots); never a link or a frame.
            if (e.SanitizedUrl is { } url && url.TrimStart().StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                && !(e.Tag.NodeName.Equals("IMG", StringComparison.OrdinalIgnoreCase) && IsDataImage(url)))
                e.SanitizedUrl = null;
        };
    }

    /// <summary>For cell outputs: no ids.</summary>
    public static UntrustedHtml ForOutputs() => new(allowIds: false);

    /// <summary>For Markdown cells: ids stay (headings and footnotes are linked to).</summary>
    public static UntrustedHtml ForMarkdown() => new(allowIds: true);

    /// <summary>The HTML with everything that could run or load script removed.</summary>
    public string Clean(string html) => html.Length == 0 ? html : sanitizer.Sanitize(html);

    private static bool IsDataImage(string url)
    {
        var body = url.TrimStart()["data:".Length..];
        // An SVG drawn as an <img> is a picture: its scripts never run.
        return body.StartsWith("image/svg+xml", StringComparison.OrdinalIgnoreCase)
               || body.StartsWith("image/png", StringComparison.OrdinalIgnoreCase)
               || body.StartsWith("image/jpeg", StringComparison.OrdinalIgnoreCase)
               || body.StartsWith("image/gif", StringComparison.OrdinalIgnoreCase)
               || body.StartsWith("image/webp", StringComparison.OrdinalIgnoreCase);
    }
}
