using LargeModelsCourse.Display;

namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// The files every page shares, copied once into the site's <c>assets/</c> folder so the book works without
/// a network: KaTeX and highlight.js from the course's pinned npm packages (node_modules, installed by
/// scripts/setup.sh), plotly.js from the copy Plotly.NET embeds (the very version the notebooks' charts were
/// made for), and the book's own stylesheet and script.
/// </summary>
internal sealed class BookAssets
{
    /// <summary>KaTeX's stylesheet (it loads the fonts beside it).</summary>
    public const string KatexCss = "assets/katex/katex.min.css";
    /// <summary>KaTeX.</summary>
    public const string KatexJs = "assets/katex/katex.min.js";
    /// <summary>KaTeX's auto-render extension, which finds the formulas Markdig marked.</summary>
    public const string KatexAutoRender = "assets/katex/contrib/auto-render.min.js";
    /// <summary>highlight.js (its common build includes C#).</summary>
    public const string HighlightJs = "assets/highlight/highlight.min.js";
    /// <summary>highlight.js's GitHub colour theme.</summary>
    public const string HighlightCss = "assets/highlight/github.min.css";
    /// <summary>The book's stylesheet (screen, presentation and print).</summary>
    public const string BookCss = "assets/book.css";
    /// <summary>The book's script: charts, formulas, highlighting, presentation mode.</summary>
    public const string BookJs = "assets/book.js";
    /// <summary>The search box's script (it loads the edition's index, <see cref="SearchIndex.FileName"/>, when first used).</summary>
    public const string SearchJs = "assets/search.js";

    private readonly string katex;
    private readonly string highlight;

    private BookAssets(string katex, string highlight)
    {
        this.katex = katex;
        this.highlight = highlight;
    }

    /// <summary>plotly.js in the site, named with its version.</summary>
    public string PlotlyJs { get; } = $"assets/plotly/plotly-{PlotlyOutput.LibraryVersion}.min.js";

    /// <summary>Finds the npm packages the book copies from.</summary>
    /// <exception cref="BookBuildException">A package is not installed, with how to install it.</exception>
    public static BookAssets Locate(string nodeModules)
    {
        var katex = Path.Combine(nodeModules, "katex", "dist");
        var highlight = Path.Combine(nodeModules, "@highlightjs", "cdn-assets");
        var root = Path.GetDirectoryName(Path.GetFullPath(nodeModules))!;
        foreach (var (name, folder, file) in new[] { ("katex", katex, "katex.min.js"), ("@highlightjs/cdn-assets", highlight, "highlight.min.js") })
        {
            if (!File.Exists(Path.Combine(folder, file)))
                throw new BookBuildException($"{name} is not installed ({ChapterLoader.Display(Path.Combine(folder, file))} is missing): run scripts/setup.sh, or `npm ci` in {root}. The book copies KaTeX (formulas) and highlight.js (code) from node_modules so that it works offline.");
        }
        return new BookAssets(katex, highlight);
    }

    /// <summary>Copies every asset into <paramref name="site"/>/assets.</summary>
    public void CopyTo(string site)
    {
        var target = Path.Combine(site, "assets");
        var katexTarget = Path.Combine(target, "katex");
        Copy(Path.Combine(katex, "katex.min.js"), Path.Combine(katexTarget, "katex.min.js"));
        Copy(Path.Combine(katex, "katex.min.css"), Path.Combine(katexTarget, "katex.min.css"));
        Copy(Path.Combine(katex, "contrib", "auto-render.min.js"), Path.Combine(katexTarget, "contrib", "auto-render.min.js"));
        foreach (var font in Directory.GetFiles(Path.Combine(katex, "fonts")))
            Copy(font, Path.Combine(katexTarget, "fonts", Path.GetFileName(font)));
        Copy(Path.Combine(katex, "..", "LICENSE"), Path.Combine(katexTarget, "LICENSE"));

        var highlightTarget = Path.Combine(target, "highlight");
        Copy(Path.Combine(highlight, "highlight.min.js"), Path.Combine(highlightTarget, "highlight.min.js"));
        Copy(Path.Combine(highlight, "styles", "github.min.css"), Path.Combine(highlightTarget, "github.min.css"));
        Copy(Path.Combine(highlight, "LICENSE"), Path.Combine(highlightTarget, "LICENSE"));

        Write(Path.Combine(site, PlotlyJs), PlotlyOutput.LibrarySource);
        Write(Path.Combine(target, "plotly", "LICENSE.txt"), PlotlyOutput.LibraryLicence());

        Write(Path.Combine(site, BookCss), Embedded("book.css"));
        Write(Path.Combine(site, BookJs), Embedded("book.js"));
        Write(Path.Combine(site, SearchJs), Embedded("search.js"));
    }

    private static void Copy(string from, string to)
    {
        if (!File.Exists(from)) throw new BookBuildException($"{from} is missing from node_modules: run `npm ci` again to restore the pinned packages.");
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Embedded(string name)
    {
        using var stream = typeof(BookAssets).Assembly.GetManifestResourceStream($"LargeModelsCourse.Runner.Book.Assets.{name}")
            ?? throw new InvalidOperationException($"the runner was built without its book asset {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
