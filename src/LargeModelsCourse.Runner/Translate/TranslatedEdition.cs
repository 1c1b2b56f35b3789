using LargeModelsCourse.Runner.Book;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Translation;

namespace LargeModelsCourse.Runner.Translate;

/// <summary>
/// A language's edition of the book made from the same executed notebooks as the English one: each chapter's Markdown
/// swapped for its translation (English under a visible notice where it is stale or missing), its exercise cards shown
/// in the language, every output kept as it ran; the English heading ids for every section, so that anchors agree
/// across the editions; and the glossary page from <c>glossary.md</c>.
/// </summary>
internal sealed class TranslatedEdition
{
    private readonly Dictionary<(string Chapter, string Cell), IReadOnlyList<string>> headingIds = [];

    private TranslatedEdition(string language, IReadOnlyList<Chapter> chapters, string? glossary)
    {
        Language = language;
        Chapters = chapters;
        Glossary = glossary;
    }

    /// <summary>The language.</summary>
    public string Language { get; }

    /// <summary>The translated chapters, in the English edition's order.</summary>
    public IReadOnlyList<Chapter> Chapters { get; }

    /// <summary>The glossary's Markdown, or null when the language has none.</summary>
    public string? Glossary { get; }

    /// <summary>The English ids of a Markdown cell's headings.</summary>
    public IReadOnlyList<string>? HeadingIds(string chapter, string cellId) => headingIds.GetValueOrDefault((chapter, cellId));

    /// <summary>Makes the edition of <paramref name="language"/> from the English chapters and the translation files in <paramref name="translationsFolder"/>.</summary>
    /// <param name="english">The English edition's chapters (executed notebooks).</param>
    /// <param name="language">The language.</param>
    /// <param name="translationsFolder">The folder holding one subfolder per language (notebooks/translations).</param>
    /// <param name="loader">Makes chapters of notebooks.</param>
    /// <param name="markdown">Finds the English heading ids.</param>
    /// <param name="warnings">Stale or missing translations and unreadable files are reported here; the build goes on.</param>
    public static TranslatedEdition Make(IReadOnlyList<Chapter> english, string language, string translationsFolder,
        ChapterLoader loader, MarkdownRenderer markdown, IList<string> warnings)
    {
        var folder = Path.Combine(translationsFolder, language);
        var words = BookStrings.For(language);
        var chapters = new List<Chapter>();
        var ids = new Dictionary<(string, string), IReadOnlyList<string>>();
        foreach (var chapter in english)
        {
            var notebook = chapter.Notebook;
            TranslationFile? file = null;
            var path = Path.Combine(folder, notebook.Name + ".md");
            try { file = File.Exists(path) ? TranslationFile.Load(path) : null; }
            catch (FormatException e) { warnings.Add($"{notebook.Name} ({language}): its translation cannot be read, so it is shown in English: {e.Message}"); }
            var translation = ChapterTranslation.Compare(notebook, language, file);
            var problems = translation.Problems.Count();
            if (problems > 0)
                warnings.Add($"{notebook.Name} ({language}): {problems} of {translation.Texts.Count} texts have no current translation and are shown in English, marked (`course translate --check` lists them)");
            var json = NotebookTranslator.Translate(notebook, translation, addSetupLine: false, translateExerciseCards: true);
            var translated = NotebookDocument.Parse(notebook.Path, json.ToJsonString());
            chapters.Add(loader.ToChapter(translated, words, warnings));
            foreach (var cell in notebook.Cells.Where(c => c.Language == CellLanguage.Markdown))
                ids[(notebook.Name, cell.Id)] = markdown.HeadingSlugs(cell.Source);
        }
        var glossaryFile = Path.Combine(folder, "glossary.md");
        var glossary = File.Exists(glossaryFile) ? WithoutComments(File.ReadAllText(glossaryFile)) : null;
        var edition = new TranslatedEdition(language, chapters, glossary);
        foreach (var (key, value) in ids) edition.headingIds[key] = value;
        return edition;
    }

    // The file's first line says what it is for its editors (an HTML comment); the page shows the table.
    private static string WithoutComments(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Where(l => !(l.StartsWith("<!--", StringComparison.Ordinal) && l.TrimEnd().EndsWith("-->", StringComparison.Ordinal))));

    /// <summary>The translation folders beside the notebooks that have an edition: one per language the course knows.</summary>
    public static IReadOnlyList<string> Languages(string? translationsFolder) =>
        translationsFolder is null ? [] : CourseLanguage.All.Skip(1).Where(l => Directory.Exists(Path.Combine(translationsFolder, l))).ToList();
}
