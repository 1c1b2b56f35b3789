using System.Diagnostics;
using LargeModelsCourse.Runner.Hosting;
using LargeModelsCourse.Runner.Translate;

namespace LargeModelsCourse.Runner.Book;

/// <summary>Where <see cref="BookBuilder"/> reads and writes.</summary>
/// <param name="ExecutedFolder">The executed notebooks (<c>course run</c>'s output).</param>
/// <param name="OutputFolder">The site to write; replaced as a whole when it is a book built before.</param>
/// <param name="NodeModules">The npm packages KaTeX and highlight.js are copied from.</param>
/// <param name="TranslationsFolder">
/// The translations beside the notebooks (notebooks/translations: one folder per language); each language found there
/// gets its edition in a folder of its name. Null: the English edition only.
/// </param>
public sealed record BookOptions(string ExecutedFolder, string OutputFolder, string NodeModules, string? TranslationsFolder = null)
{
    /// <summary>The defaults: artifacts/executed into artifacts/book, node_modules at the checkout's root, notebooks/translations.</summary>
    public static BookOptions Default => new(CoursePaths.Executed, Path.Combine(CoursePaths.Root, "artifacts", "book"),
        Path.Combine(CoursePaths.Root, "node_modules"), Path.Combine(CoursePaths.Notebooks, LargeModelsCourse.Translation.CourseLanguage.FolderName));
}

/// <summary>What a build produced.</summary>
/// <param name="OutputFolder">The site's folder.</param>
/// <param name="Chapters">The chapters, in order.</param>
/// <param name="Charts">Charts across the chapter pages.</param>
/// <param name="Warnings">Problems worth fixing that did not stop the build.</param>
/// <param name="Elapsed">How long the build took.</param>
/// <param name="Translations">The languages besides English that have an edition (each in a folder of its name).</param>
public sealed record BookResult(string OutputFolder, IReadOnlyList<Chapter> Chapters, int Charts, IReadOnlyList<string> Warnings, TimeSpan Elapsed,
    IReadOnlyList<string>? Translations = null)
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
        var loader = new ChapterLoader(markdown);
        var chapters = loader.Load(executed, warnings);
        var assets = BookAssets.Locate(Path.GetFullPath(options.NodeModules));
        var generator = $"course book (LargeModelsCourse {LargeModelsCourse.Course.Version})";
        // Every edition is made from the same executed notebooks: only the words differ, never an output.
        var translations = TranslatedEdition.Languages(options.TranslationsFolder is null ? null : Path.GetFullPath(options.TranslationsFolder))
            .Select(l => TranslatedEdition.Make(chapters, l, Path.GetFullPath(options.TranslationsFolder!), loader, markdown, warnings)).ToList();
        var other = translations.Count > 0 ? BookStrings.For(translations[0].Language) : null;

        // Written beside the destination and moved into place at the end: a failed build leaves the last good book.
        var staging = $"{output}.building-{Environment.ProcessId}";
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        int charts;
        try
        {
            charts = WriteEdition(staging, BookEdition.English(other), chapters, markdown, assets, generator, warnings, glossary: null);
            foreach (var translation in translations)
            {
                var edition = new BookEdition(BookStrings.For(translation.Language), translation.Language, BookStrings.English,
                    translation.HeadingIds, HasGlossary: translation.Glossary is not null, ExerciseTitle: translation.ExerciseTitle);
                WriteEdition(Path.Combine(staging, translation.Language), edition, translation.Chapters, markdown, assets, generator,
                    new List<string>(), translation.Glossary);
            }
            assets.CopyTo(staging);
            File.WriteAllText(Path.Combine(staging, MarkerFile), "Built by `course book`; the next build replaces this whole folder.\n");
            SiteSwap.Replace(output, staging);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
        return new BookResult(output, chapters, charts, warnings, clock.Elapsed, translations.Select(t => t.Language).ToList());
    }

    // One edition's pages into its folder; returns the number of charts on its chapter pages.
    private static int WriteEdition(string folder, BookEdition edition, IReadOnlyList<Chapter> chapters, MarkdownRenderer markdown,
        BookAssets assets, string generator, IList<string> warnings, string? glossary)
    {
        Directory.CreateDirectory(folder);
        var layout = new PageLayout(assets, generator, edition);
        var cells = new CellRenderer(markdown, new OutputRenderer(markdown), edition.Strings);
        var chapterPages = new ChapterPages(cells, layout, chapters, warnings);
        for (var i = 0; i < chapters.Count; i++)
            File.WriteAllText(Path.Combine(folder, chapters[i].PageName), chapterPages.Chapter(i));
        File.WriteAllText(Path.Combine(folder, "all.html"), chapterPages.WholeBook());
        // After the chapter pages: the contents page links to the deep dives at the anchors those pages gave them.
        File.WriteAllText(Path.Combine(folder, "index.html"), new IndexPage(layout, chapters, chapterPages.SectionOf).Render(chapterPages.Charts));
        if (glossary is not null)
            File.WriteAllText(Path.Combine(folder, BookEdition.GlossaryPage), GlossaryPage.Render(layout, chapters, markdown, glossary));
        SearchIndex.Write(folder, chapters, edition, markdown);
        return chapterPages.Charts;
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
