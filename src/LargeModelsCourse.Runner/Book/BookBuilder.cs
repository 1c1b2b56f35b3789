using System.Diagnostics;
using LargeModelsCourse.Runner.Hosting;

namespace LargeModelsCourse.Runner.Book;

/// <summary>Where <see cref="BookBuilder"/> reads and writes.</summary>
/// <param name="ExecutedFolder">The executed notebooks (<c>course run</c>'s output).</param>
/// <param name="OutputFolder">The site to write; replaced as a whole when it is a book built before.</param>
/// <param name="NodeModules">The npm packages KaTeX and highlight.js are copied from.</param>
public sealed record BookOptions(string ExecutedFolder, string OutputFolder, string NodeModules)
{
    /// <summary>The defaults: artifacts/executed into artifacts/book, node_modules at the checkout's root.</summary>
    public static BookOptions Default => new(CoursePaths.Executed, Path.Combine(CoursePaths.Root, "artifacts", "book"),
        Path.Combine(CoursePaths.Root, "node_modules"));
}

/// <summary>What a build produced.</summary>
/// <param name="OutputFolder">The site's folder.</param>
/// <param name="Chapters">The chapters, in order.</param>
/// <param name="Charts">Charts across the chapter pages.</param>
/// <param name="Warnings">Problems worth fixing that did not stop the build.</param>
/// <param name="Elapsed">How long the build took.</param>
public sealed record BookResult(string OutputFolder, IReadOnlyList<Chapter> Chapters, int Charts, IReadOnlyList<string> Warnings, TimeSpan Elapsed)
{
    /// <summary>The contents page to open.</summary>
    public string IndexPath => Path.Combine(OutputFolder, "index.html");
}

/// <summary>
/// <c>course book</c>'s engine: turns executed notebooks into a static site that works from disk with no
/// network (index, one page per chapter, the whole book on one page, shared assets).
/// </summary>
public static class BookBuilder
{
    /// <summary>Marks a folder as a book this tool wrote, so rebuilding may replace it and nothing else.</summary>
    public const string MarkerFile = ".course-book";

    /// <summary>Builds the book.</summary>
    /// <exception cref="BookBuildException">The input or the output folder cannot be used; the message says why and what to do.</exception>
    public static BookResult Build(BookOptions options)
    {
        var clock = Stopwatch.StartNew();
        var executed = Path.GetFullPath(options.ExecutedFolder);
        var output = Path.GetFullPath(options.OutputFolder);
        CheckOutputFolder(output, executed);

        var warnings = new List<string>();
        var markdown = new MarkdownRenderer();
        var chapters = new ChapterLoader(markdown).Load(executed, warnings);
        var assets = BookAssets.Locate(Path.GetFullPath(options.NodeModules));

        var layout = new PageLayout(assets, $"course book (LargeModelsCourse {LargeModelsCourse.Course.Version})");
        var cells = new CellRenderer(markdown, new OutputRenderer(markdown));
        var chapterPages = new ChapterPages(cells, layout, chapters, warnings);

        // Written beside the destination and moved into place at the end: a failed build leaves the last good book.
        var staging = $"{output}.building-{Environment.ProcessId}";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        try
        {
            for (var i = 0; i < chapters.Count; i++)
                File.WriteAllText(Path.Combine(staging, chapters[i].PageName), chapterPages.Chapter(i));
            File.WriteAllText(Path.Combine(staging, "all.html"), chapterPages.WholeBook());
            File.WriteAllText(Path.Combine(staging, "index.html"), new IndexPage(layout, chapters).Render(chapterPages.Charts));
            assets.CopyTo(staging);
            File.WriteAllText(Path.Combine(staging, MarkerFile), "Built by `course book`; the next build replaces this whole folder.\n");
            SiteSwap.Replace(output, staging);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        return new BookResult(output, chapters, chapterPages.Charts, warnings, clock.Elapsed);
    }

    private static void CheckOutputFolder(string output, string executed)
    {
        var separator = Path.DirectorySeparatorChar.ToString();
        if (string.Equals(output, executed, StringComparison.Ordinal) || executed.StartsWith(output + separator, StringComparison.Ordinal))
            throw new BookBuildException($"--out {ChapterLoader.Display(output)} would replace the executed notebooks it is built from: choose another folder, e.g. artifacts/book.");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any() && !File.Exists(Path.Combine(output, MarkerFile)))
            throw new BookBuildException($"{ChapterLoader.Display(output)} already holds files that `course book` did not write (it has no {MarkerFile} marker), and building would replace them: choose an empty or new folder with --out.");
    }
}
