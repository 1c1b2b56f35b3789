using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Notebooks;

namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// Reads the executed notebooks of a folder as the book's chapters, in file-name order (the chapter
/// numbers), refusing what cannot make a page: a missing folder, malformed JSON, a notebook that never ran.
/// </summary>
internal sealed class ChapterLoader(MarkdownRenderer markdown)
{
    // Pages the book writes itself; a chapter with one of these names would silently replace it.
    private static readonly HashSet<string> ReservedPages = new(["index.html", "all.html"], StringComparer.OrdinalIgnoreCase);

    /// <summary>The chapters; problems that do not stop the build go to <paramref name="warnings"/>.</summary>
    /// <exception cref="BookBuildException">The folder or a notebook cannot be used, with what to do about it.</exception>
    public IReadOnlyList<Chapter> Load(string folder, IList<string> warnings)
    {
        if (!Directory.Exists(folder))
            throw new BookBuildException($"{Display(folder)} does not exist: run `course run` first (it executes the notebooks into artifacts/executed), or give the folder of executed notebooks with --executed.");
        var files = Directory.GetFiles(folder, "*.ipynb").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal).ToList();
        if (files.Count == 0)
            throw new BookBuildException($"{Display(folder)} holds no .ipynb files: run `course run` first, or give the folder of executed notebooks with --executed.");

        var chapters = new List<Chapter>();
        foreach (var file in files)
        {
            NotebookDocument notebook;
            try { notebook = NotebookDocument.Load(file); }
            catch (NotebookFormatException e) { throw new BookBuildException($"{Display(file)}: not a readable notebook: {e.Problem}"); }
            CheckExecuted(notebook, warnings);
            chapters.Add(ToChapter(notebook, BookStrings.English, warnings));
            if (ReservedPages.Contains(chapters[^1].PageName))
                throw new BookBuildException($"{Display(file)} would become {chapters[^1].PageName}, which is the book's own {(chapters[^1].PageName.Equals("all.html", StringComparison.OrdinalIgnoreCase) ? "whole-book page" : "contents page")}: rename the notebook (e.g. {Path.GetFileNameWithoutExtension(file)}-chapter.ipynb) and build again.");
        }
        return chapters;
    }

    /// <summary>
    /// <paramref name="notebook"/> as a chapter whose words are in <paramref name="words"/>'s language (its title, and the
    /// goals after that language's "What you will learn").
    /// </summary>
    public Chapter ToChapter(NotebookDocument notebook, BookStrings words, IList<string> warnings)
    {
        var title = markdown.PlainText(notebook.Title);
        var goals = LearningGoals.Find(notebook, markdown, words.GoalsMarker);
        if (goals.Count == 0) warnings.Add($"{notebook.Name}{(words.Language == BookStrings.English.Language ? "" : $" ({words.Language})")}: no \"{words.GoalsLabel}\" list was found; the contents page shows the chapter without goals");
        var seconds = notebook.Root["metadata"]?["largemodelscourse"]?["run_seconds"] is JsonValue v && v.TryGetValue<double>(out var s) ? s : (double?)null;
        return new Chapter(notebook, title, goals, seconds);
    }

    private static void CheckExecuted(NotebookDocument notebook, IList<string> warnings)
    {
        var code = notebook.Cells.Where(c => c.CellType == "code" && c.Source.Trim().Length > 0).ToList();
        if (code.Count == 0) return;
        var ran = code.Where(HasRun).ToList();
        if (ran.Count == 0)
            throw new BookBuildException($"{Display(notebook.Path)} has not been executed: run `course run` first (the book shows the outputs of executed notebooks, which `course run` writes to artifacts/executed).");
        var last = ran[^1];
        var after = code.Count(c => c.Number > last.Number);
        if (after > 0)
            warnings.Add($"{notebook.Name}: stopped at cell {last.Number}; the {after} code cell(s) after it have no outputs (run `course run` again once it is fixed)");
    }

    private static bool HasRun(NotebookCell cell) =>
        cell.Raw["execution_count"] is JsonValue count && count.TryGetValue<int>(out _)
        || cell.Raw["outputs"] is JsonArray { Count: > 0 };

    /// <summary>A path as the reader typed it: relative to the working folder when inside it.</summary>
    internal static string Display(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }
}
