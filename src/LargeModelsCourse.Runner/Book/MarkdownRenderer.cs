using System.Text.Json.Nodes;
using Markdig;
using Markdig.Extensions.Mathematics;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// Markdown cells as HTML with Markdig (advanced extensions: pipe tables, footnotes, task lists, and
/// <c>$…$</c> / <c>$$…$$</c> mathematics, which Markdig wraps in <c>span.math</c> / <c>div.math</c> for KaTeX).
/// A cell is cut at its <c>#</c> and <c>##</c> headings so that each section can be one slide.
/// </summary>
/// <remarks>
/// Raw HTML in Markdown cells is kept (authors write <c>&lt;details&gt;</c> and the like on purpose) but
/// cleaned like every output (<see cref="UntrustedHtml"/>), so a notebook's Markdown can lay out text and
/// never run script. Markdown a cell displayed as an output is rendered with raw HTML turned off.
/// </remarks>
internal sealed class MarkdownRenderer
{
    private readonly MarkdownPipeline pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();
    private readonly MarkdownPipeline outputPipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();
    private readonly UntrustedHtml untrusted = UntrustedHtml.ForMarkdown();

    /// <summary>Parses Markdown with the book's extensions.</summary>
    public MarkdownDocument Parse(string markdown) => Markdown.Parse(markdown, pipeline);

    /// <summary>
    /// Renders a Markdown cell as one HTML fragment per section (a new one starts at each level-1 or
    /// level-2 heading), with heading ids unique on the page and links to notebooks turned into links to pages.
    /// </summary>
    /// <param name="markdown">The cell's Markdown.</param>
    /// <param name="attachments">The cell's attachments.</param>
    /// <param name="page">The page being rendered.</param>
    /// <param name="headingIds">Ids for the cell's headings in order (a translation keeps the English ones); null: from their text.</param>
    public IReadOnlyList<string> RenderSections(string markdown, JsonObject? attachments, PageContext page, IReadOnlyList<string>? headingIds = null)
    {
        var document = Parse(markdown);
        Prepare(document, markdown, attachments, page, headingIds);
        var groups = new List<List<Block>>();
        foreach (var block in document)
        {
            if (groups.Count == 0 || (block is HeadingBlock { Level: <= 2 } && groups[^1].Count > 0)) groups.Add([]);
            groups[^1].Add(block);
        }
        return groups.Select(blocks => untrusted.Clean(RenderBlocks(blocks, pipeline))).ToList();
    }

    /// <summary>
    /// Markdown a cell displayed (<c>text/markdown</c>) as HTML, with raw HTML shown as text; its headings
    /// stay out of the sidebar. The caller cleans the result like any output.
    /// </summary>
    public string RenderOutput(string markdown, PageContext page)
    {
        var document = Markdown.Parse(markdown, outputPipeline);
        if (document.Descendants<MathInline>().Any() || document.Descendants<MathBlock>().Any()) page.HasMath = true;
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!string.IsNullOrEmpty(link.Url)) link.Url = RewriteUrl(link.Url, link.IsImage, null, page);
        }
        return RenderBlocks(document, outputPipeline);
    }

    /// <summary>The content of a list item or paragraph as inline HTML (no enclosing <c>&lt;p&gt;</c>).</summary>
    public string RenderInline(ContainerBlock container)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer) { ImplicitParagraph = true };
        pipeline.Setup(renderer);
        foreach (var block in container) renderer.Render(block);
        return untrusted.Clean(writer.ToString().Trim());
    }

    /// <summary>Markdown as plain text (for titles in navigation and the page's &lt;title&gt;).</summary>
    public string PlainText(string markdown) => Markdown.ToPlainText(markdown, pipeline).Trim();

    private static string RenderBlocks(IEnumerable<Block> blocks, MarkdownPipeline with)
    {
        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        with.Setup(renderer);
        foreach (var block in blocks) renderer.Render(block);
        return writer.ToString();
    }

    /// <summary>The ids a cell's headings would want, in order, before they are made unique on a page.</summary>
    public IReadOnlyList<string> HeadingSlugs(string markdown) =>
        Parse(markdown).Descendants<HeadingBlock>()
            .Select(h => h.GetAttributes().Id ?? Html.Token(PlainText(markdown.Substring(h.Span.Start, h.Span.Length))))
            .ToList();

    private void Prepare(MarkdownDocument document, string markdown, JsonObject? attachments, PageContext page, IReadOnlyList<string>? headingIds)
    {
        var index = 0;
        foreach (var heading in document.Descendants<HeadingBlock>())
        {
            var attributes = heading.GetAttributes();
            var text = PlainText(markdown.Substring(heading.Span.Start, heading.Span.Length));
            var wanted = headingIds is not null && index < headingIds.Count ? headingIds[index] : attributes.Id ?? Html.Token(text);
            index++;
            attributes.Id = page.UniqueId(wanted);
            if (heading.Level == 2) page.AddSection(attributes.Id, text);
        }
        if (document.Descendants<MathInline>().Any() || document.Descendants<MathBlock>().Any()) page.HasMath = true;
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (string.IsNullOrEmpty(link.Url)) continue;
            link.Url = RewriteUrl(link.Url, link.IsImage, attachments, page);
        }
    }

    private static string RewriteUrl(string url, bool isImage, JsonObject? attachments, PageContext page)
    {
        if (url.StartsWith("attachment:", StringComparison.OrdinalIgnoreCase))
            return AttachmentUri(url["attachment:".Length..], attachments, page) ?? url;
        if (url.StartsWith('#')) return "#" + page.IdPrefix + url[1..];
        if (HasScheme(url)) return url;

        var hash = url.IndexOf('#');
        var path = hash < 0 ? url : url[..hash];
        var fragment = hash < 0 ? "" : url[hash..];
        if (path.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
        {
            if (page.Pages.TryGetValue(Path.GetFileName(Uri.UnescapeDataString(path)), out var target)) return Html.PageUrl(target) + fragment;
            page.Warn($"links to {path}, which is not in the book (was it executed?)");
        }
        else if (isImage)
        {
            page.Warn($"shows the image {path} from a file, which the book does not copy: attach the image to the Markdown cell instead");
        }
        return url;
    }

    private static string? AttachmentUri(string name, JsonObject? attachments, PageContext page)
    {
        if (attachments?[name] is JsonObject bundle)
        {
            foreach (var (mime, value) in bundle)
            {
                var data = value switch
                {
                    JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
                    JsonValue v when v.TryGetValue<string>(out var s) => s,
                    _ => null,
                };
                if (data is not null && mime.StartsWith("image/", StringComparison.Ordinal) && OutputRenderer.IsBase64(data))
                    return $"data:{mime};base64,{string.Concat(data.Where(c => !char.IsWhiteSpace(c)))}";
            }
        }
        page.Warn($"refers to the attachment {name}, which the cell does not carry");
        return null;
    }

    private static bool HasScheme(string url)
    {
        var colon = url.IndexOf(':');
        if (colon <= 0) return false;
        var slash = url.IndexOfAny(['/', '?', '#']);
        return slash < 0 || colon < slash;
    }
}
