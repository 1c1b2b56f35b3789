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
/// <param name="PageName">The page's file name in its edition (the language switch goes to the page of that name in the other).</param>
/// <param name="OtherPageName">The page to switch to when the other edition has no page of the same name.</param>
internal sealed record PageSpec(string Title, string TopTitle, string Sidebar, string Main, string Kind, bool Charts, bool Presentable,
    string PageName, string? OtherPageName = null);

/// <summary>
/// The frame every page shares: the head with the site's one copy of each library, the top bar, the
/// chapters sidebar, the switch to the other language's edition. An edition's pages sit side by side in its folder (the
/// English one at the site's root), so every link between them is a plain relative one; assets are the root's.
/// </summary>
internal sealed class PageLayout(BookAssets assets, string generator, BookEdition edition)
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

    /// <summary>The edition the pages belong to.</summary>
    public BookEdition Edition => edition;

    /// <summary>The whole HTML document.</summary>
    public string Render(PageSpec page)
    {
        var words = edition.Strings;
        var root = edition.ToRoot;
        var html = new StringBuilder();
        html.Append($"""
            <!DOCTYPE html>
            <html lang="{Html.Attribute(words.Language)}">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="{ContentSecurityPolicy}">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="{Html.Attribute(generator)}">
            <title>{Html.Encode(page.Title)}</title>
            <link rel="stylesheet" href="{root}{BookAssets.KatexCss}">
            <link rel="stylesheet" href="{root}{BookAssets.HighlightCss}">
            <link rel="stylesheet" href="{root}{BookAssets.BookCss}">
            <script defer src="{root}{BookAssets.KatexJs}"></script>
            <script defer src="{root}{BookAssets.KatexAutoRender}"></script>
            <script defer src="{root}{BookAssets.HighlightJs}"></script>

            """);
        if (page.Charts) html.Append($"<script defer src=\"{root}{assets.PlotlyJs}\"></script>\n");
        // The script's own words (presentation bar, code button) come from the page, so one script serves every edition.
        html.Append($"""
            <script defer src="{root}{BookAssets.BookJs}"></script>
            <script defer src="{root}{BookAssets.SearchJs}"></script>
            </head>
            <body class="page-{page.Kind}" data-show-code="{Html.Attribute(words.ShowCode)}" data-hide-code="{Html.Attribute(words.HideCode)}" data-code-title="{Html.Attribute(words.CodeTitle)}" data-previous-slide="{Html.Attribute(words.PreviousSlide)}" data-next-slide="{Html.Attribute(words.NextSlide)}" data-exit="{Html.Attribute(words.ExitPresentation)}" data-exit-title="{Html.Attribute(words.ExitTitle)}" data-core-only="{Html.Attribute(words.CoreOnly)}" data-with-deep-dives="{Html.Attribute(words.WithDeepDives)}">
            <a class="skip-link" href="#content">{Html.Encode(words.SkipLink)}</a>
            <header class="topbar">
            <button type="button" class="sidebar-toggle" aria-controls="sidebar" aria-expanded="false" title="{Html.Attribute(words.Contents)}">☰</button>
            <a class="brand" href="index.html">LargeModelsCourse</a>
            <span class="topbar-title">{Html.Encode(page.TopTitle)}</span>
            {SearchBox(words)}
            <span class="topbar-actions">

            """);
        if (page.Presentable)
        {
            html.Append($"""
                <button type="button" class="button" data-action="code" title="{Html.Attribute(words.CodeTitle)}">{Html.Encode(words.HideCode)}</button>
                <button type="button" class="button button-primary" data-action="present" title="{Html.Attribute(words.PresentTitle)}">{Html.Encode(words.Present)}</button>

                """);
        }
        if (edition.Other is { } other)
        {
            // book.js adds the section in view to the link, so the reader lands on the same section in the other language.
            var target = edition.ToOther + Html.PageUrl(page.OtherPageName ?? page.PageName);
            html.Append($"""
                <a class="button lang-switch" href="{Html.Attribute(target)}" hreflang="{Html.Attribute(other.Language)}" lang="{Html.Attribute(other.Language)}" title="{Html.Attribute(words.SwitchTitle)}">{Html.Encode(other.LanguageName)}</a>

                """);
        }
        html.Append($"""
            </span>
            </header>
            <div class="layout">
            <nav class="sidebar" id="sidebar" aria-label="{Html.Attribute(words.Chapters)}">
            {page.Sidebar}</nav>
            <main class="content" id="content">
            {page.Main}</main>
            </div>
            </body>
            </html>

            """);
        return html.ToString();
    }

    // The search box: search.js loads the edition's index from beside the page when it is first used, and shows results
    // under the box. Its words ride on the box, like book.js's on <body>, so one script serves every edition.
    private static string SearchBox(BookStrings words) =>
        $"<div class=\"search\" role=\"search\"><input type=\"search\" class=\"search-input\" id=\"search-input\" autocomplete=\"off\" spellcheck=\"false\" " +
        $"aria-label=\"{Html.Attribute(words.SearchLabel)}\" title=\"{Html.Attribute(words.SearchLabel)}\" placeholder=\"{Html.Attribute(words.SearchPlaceholder)}\" " +
        $"aria-controls=\"search-results\" aria-expanded=\"false\" data-index=\"{SearchIndex.FileName}\" data-no-results=\"{Html.Attribute(words.SearchNoResults)}\" " +
        $"data-exercise=\"{Html.Attribute(words.SearchExercise)}\" data-unavailable=\"{Html.Attribute(words.SearchUnavailable)}\">" +
        "<div class=\"search-results\" id=\"search-results\" hidden></div></div>";
}
