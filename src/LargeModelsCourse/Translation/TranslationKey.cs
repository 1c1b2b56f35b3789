namespace LargeModelsCourse.Translation;

/// <summary>
/// What a translation entry translates, as its marker line names it: <c>cell 3f2a…</c> (a Markdown cell, by its id)
/// or <c>exercise 2.1 title</c>, <c>exercise 2.1 hint</c>, <c>exercise 2.1 requirement</c>.
/// </summary>
public static class TranslationKey
{
    /// <summary>The parts of an exercise a student reads.</summary>
    public static readonly IReadOnlyList<string> ExerciseParts = ["title", "hint", "requirement"];

    /// <summary>The key of the Markdown cell <paramref name="cellId"/>.</summary>
    public static string Cell(string cellId) => $"cell {cellId}";

    /// <summary>The key of part <paramref name="part"/> (title, hint, requirement) of exercise <paramref name="number"/>.</summary>
    public static string Exercise(string number, string part) => $"exercise {number} {part}";

    /// <summary>The exercise number at the start of an exercise id ("2.1 MAE of the example" → "2.1"), as the skeleton cuts it.</summary>
    public static string NumberOf(string exerciseId)
    {
        var space = exerciseId.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? exerciseId : exerciseId[..space];
    }
}
