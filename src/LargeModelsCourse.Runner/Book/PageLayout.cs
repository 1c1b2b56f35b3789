using System.Text;

namespace LargeModelsCourse.Runner.Book;

/// <summary>What differs between the book's pages; <see cref="PageLayout"/> wraps it in the shared frame.</summary>
/// <param name="Title">The browser tab's title.</param>
/// <param name="TopTitle">What the top bar names (the chapter), or empty.</param>
/// <param name="Sidebar">The sidebar's HTML.</param>
/// <param name="Main">The page's content.</param>
/// <param name="Kind">index, chapter or whole-book (a class on &lt;body&gt;).</param>
/// <param name="Charts">True when the page has charts (only then does it load plotly.js).</param>
/// <param name="Presentable">True when the page offers presentation mode.</param>
internal sealed record PageSpec(string Title, string TopTitle, string Sidebar, string Main, string Kind, bool Charts, bool Presentable);

/// <summary>
/// The frame every page shares: the head with the site's one copy of each library, the top bar, the
/// chapters sidebar. Pages sit side by side at the site's root, so every link is a plain relative one.
/// </summary>
internal sealed class PageLayout(BookAssets assets, string generator)
{
    /// <summary>
    /// Every page's policy: scripts only from the site's own files (no inline script, no eval, no other
    /// origin), so even markup that got past cleaning cannot run. Inline styles stay allowed: the course's
    /// outputs and plotly.js style elements inline, and a style cannot run script. A site opened from disk
    /// has no server to send headers, hence a &lt;meta&gt; element, placed before anything it governs.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'none'; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>The whole HTML document.</summary>
    public string Render(PageSpec page)
    {
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="{ContentSecurityPolicy}">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="{Html.Attribute(generator)}">
            <title>{Html.Encode(page.Title)}</title>
            <link rel="stylesheet" href="{BookAssets.KatexCss}">
            <link rel="stylesheet" href="{BookAssets.HighlightCss}">
            <link rel="stylesheet" href="{BookAssets.BookCss}">
            <script defer src="{BookAssets.KatexJs}"></script>
            <script defer src="{BookAssets.KatexAutoRender}"></script>
            <script defer src="{BookAssets.HighlightJs}"></script>

            """);
        if (page.Charts) html.Append($"<script defer src=\"{assets.PlotlyJs}\"></script>\n");
        html.Append($"""
            <script defer src="{BookAssets.BookJs}"></script>
            </head>
            <body class="page-{page.Kind}">
            <a class="skip-link" href="#content">Skip to the text</a>
            <header class="topbar">
            <button type="button" class="sidebar-toggle" aria-controls="sidebar" aria-expanded="false" title="Contents">☰</button>
            <a class="brand" href="index.html">LargeModelsCourse</a>
            <span class="topbar-title">{Html.Encode(page.TopTitle)}</span>
            <span class="topbar-actions">

            """);
        if (page.Presentable)
        {
            html.Append("""
                <button type="button" class="button" data-action="code" title="Show or hide the code (key: c)">Hide code</button>
                <button type="button" class="button button-primary" data-action="present" title="Presentation mode (key: p)">Present</button>

                """);
        }
        html.Append($"""
            </span>
            </header>
            <div class="layout">
            <nav class="sidebar" id="sidebar" aria-label="Chapters">
            {page.Sidebar}</nav>
            <main class="content" id="content">
            {page.Main}</main>
            </div>
            </body>
            </html>

            """);
        return html.ToString();
    }
}
