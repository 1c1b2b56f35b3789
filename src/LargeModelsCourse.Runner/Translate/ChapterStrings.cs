using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Translation;

namespace LargeModelsCourse.Runner.Translate;

/// <summary>One English text of a chapter that a translation replaces.</summary>
/// <param name="Key">Its key (<see cref="TranslationKey"/>).</param>
/// <param name="English">The English text the fingerprint is taken of.</param>
/// <param name="CellId">The cell it is in.</param>
public sealed record EnglishText(string Key, string English, string CellId)
{
    /// <summary>The English text's fingerprint.</summary>
    public string Fingerprint { get; } = LargeModelsCourse.Translation.Fingerprint.Of(English);
}

/// <summary>
/// Every text of a chapter a translation covers, in the translators' skeleton order: each Markdown cell (its source
/// exactly as stored, lines joined) and each exercise's title, requirement and hint (<see cref="ExerciseStrings"/>).
/// </summary>
public static class ChapterStrings
{
    /// <summary>The chapter's translatable texts.</summary>
    public static IReadOnlyList<EnglishText> Of(NotebookDocument notebook)
    {
        var texts = new List<EnglishText>();
        foreach (var cell in notebook.Cells)
        {
            // As the skeleton reads the .ipynb: the stored source, whatever magic or kernel a cell names.
            var source = RawSource(cell);
            if (cell.CellType == "markdown") texts.Add(new EnglishText(TranslationKey.Cell(cell.Id), source, cell.Id));
            else if (cell.CellType == "code")
                texts.AddRange(ExerciseStrings.In(source).Select(s => new EnglishText(s.Key, s.English, cell.Id)));
        }
        return texts;
    }

    /// <summary>A cell's source as stored in the file: its lines joined exactly.</summary>
    public static string RawSource(NotebookCell cell) => cell.Raw["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>())),
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => "",
    };
}
