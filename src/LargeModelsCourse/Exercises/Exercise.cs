using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Exercises;

/// <summary>
/// Automatic checks for a chapter's exercises. A student writes an answer; <c>Check</c> compares it with the
/// expected value and tolerance and says <b>correct</b> or <b>not yet</b> with a hint. The solution is given as
/// code, run to prove it passes the same check, and shown folded away so nobody sees it by accident.
/// Taught in chapter 00.
/// </summary>
public static class Exercise
{
    /// <summary>The MIME type the course's tests read: <c>{ id, correct, solutionVerified }</c>.</summary>
    public const string MimeType = "application/vnd.largemodelscourse.exercise+json";

    /// <summary>Checks a numeric answer.</summary>
    /// <param name="id">The exercise's number and name, e.g. "2.1 Mean absolute error".</param>
    /// <param name="answer">The student's answer.</param>
    /// <param name="expected">The value the chapter computed.</param>
    /// <param name="hint">What to try when the answer is not yet right.</param>
    /// <param name="solution">Code that computes the answer; it is run and checked too.</param>
    /// <param name="tolerance">Allowed absolute difference (relative for large values).</param>
    /// <param name="solutionCode">Filled in by the compiler with <paramref name="solution"/>'s source text.</param>
    public static ExerciseResult Check(string id, double answer, double expected, string hint, Func<double>? solution = null,
        double tolerance = 1e-6, [CallerArgumentExpression(nameof(solution))] string? solutionCode = null)
    {
        bool Close(double value) => double.IsFinite(value) &&
            Math.Abs(value - expected) <= tolerance * Math.Max(1, Math.Abs(expected));
        return Show(id, Close(answer), Format(answer), Format(expected), hint,
            solution is null ? null : () => Close(solution()), solutionCode);
    }

    /// <summary>Checks a vector answer element by element.</summary>
    public static ExerciseResult Check(string id, double[] answer, double[] expected, string hint, Func<double[]>? solution = null,
        double tolerance = 1e-6, [CallerArgumentExpression(nameof(solution))] string? solutionCode = null)
    {
        bool Close(double[] value) => value.Length == expected.Length &&
            value.Zip(expected).All(p => double.IsFinite(p.First) && Math.Abs(p.First - p.Second) <= tolerance * Math.Max(1, Math.Abs(p.Second)));
        return Show(id, Close(answer), Format(answer), Format(expected), hint,
            solution is null ? null : () => Close(solution()), solutionCode);
    }

    /// <summary>Checks an exact answer (an integer, a class name, a yes/no).</summary>
    public static ExerciseResult CheckExact<T>(string id, T answer, T expected, string hint, Func<T>? solution = null,
        [CallerArgumentExpression(nameof(solution))] string? solutionCode = null) where T : IEquatable<T>
    {
        return Show(id, answer.Equals(expected), $"{answer}", $"{expected}", hint,
            solution is null ? null : () => solution().Equals(expected), solutionCode);
    }

    private static ExerciseResult Show(string id, bool correct, string answer, string expected, string hint,
        Func<bool>? solution, string? solutionCode)
    {
        bool? verified = null;
        string? solutionError = null;
        if (solution is not null)
        {
            try { verified = solution(); }
            catch (Exception e) when (e is not OperationCanceledException) { verified = false; solutionError = e.Message; }
        }
        var result = new ExerciseResult(id, correct, answer, expected, hint, verified, solutionError,
            string.IsNullOrWhiteSpace(solutionCode) ? null : solutionCode.Trim());
        Notebook.display(result);
        return result;
    }

    private static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Format(double[] values) => "[" + string.Join(", ", values.Select(Format)) + "]";
}

/// <summary>What an exercise check found, shown as a small card with the solution folded away.</summary>
public sealed record ExerciseResult(string Id, bool Correct, string Answer, string Expected, string Hint,
    bool? SolutionVerified, string? SolutionError, string? SolutionCode) : IMimeRenderable
{
    /// <inheritdoc/>
    public MimeBundle ToMimeBundle()
    {
        var verdict = Correct ? "✅ correct" : "⏳ not yet";
        var plain = Correct
            ? $"Exercise {Id}: {verdict} ({Answer})"
            : $"Exercise {Id}: {verdict}: your answer is {Answer}. Hint: {Hint}";
        if (SolutionCode is not null) plain += "\n  (a solution is available: open it in the notebook or the book)";
        static string Enc(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = $"<div class=\"lmc-exercise {(Correct ? "lmc-correct" : "lmc-not-yet")}\"><b>Exercise {Enc(Id)}</b>: {Enc(verdict)}" +
                   (Correct ? $" <code>{Enc(Answer)}</code>" : $"; your answer is <code>{Enc(Answer)}</code>.<br/><i>Hint:</i> {Enc(Hint)}") +
                   (SolutionCode is null ? "" :
                       $"<details class=\"lmc-solution\"><summary>Solution{(SolutionVerified == true ? " (checked)" : "")}</summary><pre><code class=\"language-csharp\">{Enc(SolutionCode)}</code></pre></details>") +
                   "</div>";
        return new MimeBundle()
            .With(MimeBundle.PlainText, plain)
            .With(MimeBundle.Html, html)
            .With(Exercise.MimeType, new JsonObject
            {
                ["id"] = Id,
                ["correct"] = Correct,
                ["solutionVerified"] = SolutionVerified,
                ["solutionError"] = SolutionError,
            });
    }
}
