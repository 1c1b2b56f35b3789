using System.Text.RegularExpressions;

namespace LargeModelsCourse.Translation;

/// <summary>One English string of an exercise a student reads: its key and text.</summary>
/// <param name="Key">e.g. <c>exercise 2.1 hint</c>.</param>
/// <param name="English">The string's value as the cell's C# literal gives it.</param>
public sealed record ExerciseString(string Key, string English);

/// <summary>
/// Finds the exercise titles, requirements and hints in a code cell — the string literals passed to
/// <c>Exercise.Check</c>, <c>CheckExact</c> and <c>Satisfies</c> — in the order and with the rules of the translators'
/// skeleton script (<c>skeleton.py</c>), so that the fingerprints computed here and there agree: the first argument
/// is the title; the first <c>requirement: "…"</c> and the first <c>hint: "…"</c> after it are its requirement and hint.
/// </summary>
public static partial class ExerciseStrings
{
    /// <summary>The strings of every exercise check in <paramref name="code"/>, in order (title, requirement, hint).</summary>
    public static IReadOnlyList<ExerciseString> In(string code)
    {
        var found = new List<ExerciseString>();
        foreach (Match call in Call().Matches(code))
        {
            var id = Unescape(call.Groups["text"].Value);
            var number = id.Split(' ')[0];
            found.Add(new ExerciseString(TranslationKey.Exercise(number, "title"), id));
            var tail = code[(call.Index + call.Length)..];
            foreach (var (part, pattern) in new[] { ("requirement", Requirement()), ("hint", Hint()) })
            {
                if (pattern.Match(tail) is { Success: true } named)
                    found.Add(new ExerciseString(TranslationKey.Exercise(number, part), Unescape(named.Groups["text"].Value)));
            }
        }
        return found;
    }

    // As skeleton.py: \n and \t become a newline and a tab, any other escaped character stands for itself.
    private static string Unescape(string literal) =>
        Escape().Replace(literal, m => m.Groups[1].Value switch { "n" => "\n", "t" => "\t", var c => c });

    [GeneratedRegex(@"Exercise\.(?:Check|CheckExact|Satisfies)(?:<[^>]*>)?\(\s*""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Call();

    [GeneratedRegex(@"requirement:\s*""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Requirement();

    [GeneratedRegex(@"hint:\s*""(?<text>(?:[^""\\]|\\.)*)""")]
    private static partial Regex Hint();

    [GeneratedRegex(@"\\(.)")]
    private static partial Regex Escape();
}
