using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Runner.Translate;
using LargeModelsCourse.Tests.Data;
using LargeModelsCourse.Tests.Runner;
using LargeModelsCourse.Tests.Support;
using LargeModelsCourse.Translation;

namespace LargeModelsCourse.Tests.Translation;

/// <summary>
/// Staleness: a translation is current while the English it was made from is unchanged, and `course translate --check`
/// (the real tool, in a process of its own) names the chapter and cell of every stale or missing one. The coverage test
/// holds the course to a complete, current translation of every chapter: the CI staleness check.
/// </summary>
public class TranslationStalenessTests
{
    private const string Language = CourseLanguage.ChineseSimplified;
    private const string Chapter = "02-loss-functions";

    [Fact]
    public void Every_markdown_cell_and_exercise_string_of_every_chapter_has_a_current_translation()
    {
        var (chapters, errors) = TranslateCommand.Compare([Repo.Notebooks], Language);
        Assert.True(chapters.Count >= 15, $"expected the course's chapters in {Repo.Notebooks}, found {chapters.Count}");
        var report = chapters.Where(c => c.Problems.Any() || c.File is null)
            .Select(c => c.File is null
                ? $"{c.Chapter}: no translation file (notebooks/translations/{Language}/{c.Chapter}.md); {c.Texts.Count} texts missing"
                : $"{c.Chapter}: {c.Problems.Count()} of {c.Texts.Count} texts not current:\n    " + string.Join("\n    ", c.Describe()))
            .Concat(errors)
            .ToList();
        Assert.True(report.Count == 0,
            $"{report.Count} chapter(s) lack a current {Language} translation (`dotnet course translate --check` lists the same):\n" + string.Join("\n", report));
    }

    [Fact]
    public void A_changed_english_cell_is_reported_stale_with_its_chapter_and_cell_and_an_unchanged_one_is_current()
    {
        using var temp = new TempFolder();
        var notebook = CopyChapter(temp.Path);

        var (exitCode, text) = CourseCommandTests.Course("translate", "--lang", Language, "--check", notebook);
        Assert.True(exitCode == 0, text);
        Assert.Contains("have a current zh-CN translation", text, StringComparison.Ordinal);

        // Change one English Markdown cell, as an author fixing a sentence does.
        var json = JsonNode.Parse(File.ReadAllText(notebook))!.AsObject();
        var cell = json["cells"]!.AsArray().OfType<JsonObject>().Where(c => c["cell_type"]!.GetValue<string>() == "markdown").ElementAt(2);
        cell["source"]!.AsArray().Add("\nOne more sentence.");
        File.WriteAllText(notebook, json.ToJsonString());
        var cellId = cell["id"]!.GetValue<string>();

        var translation = ChapterTranslation.Load(NotebookDocument.Load(notebook), Language, CourseLanguage.Folder(temp.Path, Language));
        var stale = Assert.Single(translation.Problems);
        Assert.Equal((TranslationKey.Cell(cellId), TranslationState.Stale), (stale.Text.Key, stale.State));
        Assert.All(translation.Texts.Where(t => t != stale), t => Assert.Equal(TranslationState.Current, t.State));

        (exitCode, text) = CourseCommandTests.Course("translate", "--lang", Language, "--check", notebook);
        Assert.Equal(1, exitCode);
        Assert.Contains($"{Chapter} · cell {cellId} (stale", text, StringComparison.Ordinal);
        Assert.Contains("1 of ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_translation_is_reported_and_shown_in_english_under_a_visible_notice()
    {
        using var temp = new TempFolder();
        var notebook = CopyChapter(temp.Path);
        var file = Path.Combine(CourseLanguage.Folder(temp.Path, Language), Chapter + ".md");
        // Drop the translation of the exercise 2.1 hint and of one cell.
        var text = File.ReadAllText(file);
        var entries = TranslationFile.Parse(text, file).Entries;
        var cell = entries.First(e => e.Key.StartsWith("cell ", StringComparison.Ordinal) && !e.Text.StartsWith('#'));
        var lines = text.Split('\n').ToList();
        var drop = new[] { cell, entries.Single(e => e.Key == "exercise 2.1 hint") }.OrderByDescending(e => e.Line);
        foreach (var entry in drop)
        {
            var next = entries.FirstOrDefault(e => e.Line > entry.Line)?.Line ?? lines.Count + 1;
            lines.RemoveRange(entry.Line - 1, next - entry.Line);
        }
        File.WriteAllText(file, string.Join('\n', lines));

        var (exitCode, output) = CourseCommandTests.Course("translate", "--lang", Language, "--check", notebook);
        Assert.Equal(1, exitCode);
        Assert.Contains($"{Chapter} · {cell.Key} (missing)", output, StringComparison.Ordinal);
        Assert.Contains($"{Chapter} · exercise 2.1 hint (missing)", output, StringComparison.Ordinal);

        var document = NotebookDocument.Load(notebook);
        var translation = ChapterTranslation.Load(document, Language, CourseLanguage.Folder(temp.Path, Language));
        var translated = NotebookTranslator.Translate(document, translation, addSetupLine: true, translateExerciseCards: false);
        var shown = translated["cells"]!.AsArray().OfType<JsonObject>().Single(c => TranslationKey.Cell(c["id"]!.GetValue<string>()) == cell.Key);
        var source = string.Concat(shown["source"]!.AsArray().Select(l => l!.GetValue<string>()));
        Assert.StartsWith(NotebookTranslator.Notice(TranslationState.Missing), source, StringComparison.Ordinal);
        Assert.EndsWith(ChapterStrings.RawSource(document.Cells.Single(c => TranslationKey.Cell(c.Id) == cell.Key)), source, StringComparison.Ordinal);
    }

    // The chapter and its translation (and solutions) in a folder of their own, laid out as notebooks/ is.
    private static string CopyChapter(string folder)
    {
        var notebook = Path.Combine(folder, Chapter + ".ipynb");
        File.Copy(Path.Combine(Repo.Notebooks, Chapter + ".ipynb"), notebook);
        var translations = Directory.CreateDirectory(CourseLanguage.Folder(folder, Language)).FullName;
        File.Copy(Path.Combine(CourseLanguage.Folder(Repo.Notebooks, Language), Chapter + ".md"), Path.Combine(translations, Chapter + ".md"));
        return notebook;
    }
}
