using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Exercises;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Translation;

namespace LargeModelsCourse.Runner.Translate;

/// <summary>
/// Makes a notebook's translated copy from the notebook and its <see cref="ChapterTranslation"/>: every Markdown cell
/// becomes its translation, or stays English with a visible notice when the translation is stale or missing; code
/// cells and their outputs are kept as they are. For a notebook to run live, the setup cell gets one line that
/// switches the exercise cards to the language; for the book, the exercise cards an executed notebook recorded are
/// shown again in the language. The metadata records the language.
/// </summary>
public static class NotebookTranslator
{
    /// <summary>The line the setup cell gets, so that the live exercise cards speak <paramref name="language"/>.</summary>
    public static string SetupLine(string language) => $"Exercise.Language = \"{language}\";";

    /// <summary>The notice above an English text shown in place of a stale or missing translation.</summary>
    public static string Notice(TranslationState state) => state switch
    {
        TranslationState.Stale => "> ⚠ 译文待更新 · translation out of date — English shown",
        _ => "> ⚠ 尚无译文 · not translated yet — English shown",
    };

    /// <summary>The translated notebook as nbformat JSON.</summary>
    /// <param name="notebook">The source notebook, or an executed copy.</param>
    /// <param name="translation">Its translation, compared with it.</param>
    /// <param name="addSetupLine">Add <see cref="SetupLine"/> to the first code cell (a notebook to run).</param>
    /// <param name="translateExerciseCards">Show recorded exercise cards in the language (an executed notebook for the book).</param>
    public static JsonObject Translate(NotebookDocument notebook, ChapterTranslation translation, bool addSetupLine, bool translateExerciseCards)
    {
        var root = notebook.Root.DeepClone().AsObject();
        var cells = root["cells"]!.AsArray();
        var setupDone = !addSetupLine;
        foreach (var cell in notebook.Cells)
        {
            var json = cells[cell.Number - 1]!.AsObject();
            if (cell.CellType == "markdown")
            {
                var text = translation.Find(TranslationKey.Cell(cell.Id))!;
                json["source"] = ExecutedNotebook.SplitLines(MarkdownShown(text));
            }
            else if (cell.CellType == "code" && cell.IsCSharp)
            {
                if (!setupDone)
                {
                    json["source"] = ExecutedNotebook.SplitLines(WithSetupLine(ChapterStrings.RawSource(cell), translation.Language));
                    setupDone = true;
                }
                if (translateExerciseCards && json["outputs"] is JsonArray outputs)
                    foreach (var output in outputs.OfType<JsonObject>()) TranslateCard(output, translation);
            }
        }
        var metadata = root["metadata"] as JsonObject ?? [];
        root["metadata"] = metadata;
        var course = metadata["largemodelscourse"] as JsonObject ?? [];
        metadata["largemodelscourse"] = course;
        course["language"] = translation.Language;
        course["translated_from"] = Path.GetFileName(notebook.Path);
        return root;
    }

    /// <summary>The Markdown a reader sees for <paramref name="text"/>: its translation, or the English under a notice.</summary>
    public static string MarkdownShown(TranslatedText text)
    {
        if (text.State == TranslationState.Current) return text.Entry!.Text;
        var english = text.Text.English;
        var notice = Notice(text.State) + "\n\n";
        // After the cell's opening heading, so that the heading still starts the cell's section (and slide).
        if (english.StartsWith('#'))
        {
            var end = english.IndexOf('\n');
            return end < 0 ? english + "\n\n" + notice.TrimEnd('\n') : english[..(end + 1)] + "\n" + notice + english[(end + 1)..].TrimStart('\n');
        }
        return notice + english;
    }

    /// <summary>The setup cell's code with <see cref="SetupLine"/> after its last <c>#r</c> or <c>using</c> line.</summary>
    public static string WithSetupLine(string code, string language)
    {
        var lines = code.Split('\n').ToList();
        var after = lines.FindLastIndex(l => l.StartsWith("using ", StringComparison.Ordinal) || l.StartsWith("#r ", StringComparison.Ordinal));
        lines.Insert(after + 1, SetupLine(language));
        return string.Join('\n', lines);
    }

    private static void TranslateCard(JsonObject output, ChapterTranslation translation)
    {
        if (output["data"] is not JsonObject data || data[Exercise.MimeType] is not JsonObject facts
            || ExerciseResult.FromJson(facts) is not { } card) return;
        var number = TranslationKey.NumberOf(card.Id);
        string? Shown(string part, string? english) =>
            english is not null && translation.Find(TranslationKey.Exercise(number, part)) is { State: TranslationState.Current, Text.English: var e } t && e == english
                ? t.Entry!.Text : null;
        var translated = card with
        {
            Language = translation.Language,
            ShownTitle = Shown("title", card.Id),
            ShownHint = Shown("hint", card.Hint),
            ShownRequirement = Shown("requirement", card.Requirement),
        };
        var bundle = translated.ToMimeBundle();
        data[MimeBundle.Html] = bundle[MimeBundle.Html]!.DeepClone();
        data[MimeBundle.PlainText] = bundle.Text;
    }
}
