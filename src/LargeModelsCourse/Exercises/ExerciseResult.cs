using System.Net;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Exercises;

/// <summary>
/// What an exercise check found, shown as a small card: the verdict, the hint when not yet right, and either the
/// solution folded away (in the book) or how to ask for it (in a live session). Never the expected value.
/// </summary>
/// <param name="Id">The exercise's number and name.</param>
/// <param name="Correct">Whether the answer passed the check.</param>
/// <param name="Answer">The student's answer as shown (with what the experiment observed, for change-and-observe exercises).</param>
/// <param name="Hint">The hint.</param>
/// <param name="Requirement">What a change-and-observe answer must achieve, or null.</param>
/// <param name="SolutionVerified">Whether the chapter's solution passed the same check (null when none was available).</param>
/// <param name="SolutionError">Why the solution could not be verified, or null.</param>
/// <param name="ShownSolution">The solution, when the card carries it folded (the runner's executed copies, for the book).</param>
/// <param name="SolutionAvailable">Whether the chapter's solutions file has one to ask for.</param>
public sealed record ExerciseResult(string Id, bool Correct, string Answer, string Hint, string? Requirement,
    bool? SolutionVerified, string? SolutionError, SolutionEntry? ShownSolution, bool SolutionAvailable) : IMimeRenderable
{
    /// <inheritdoc/>
    public MimeBundle ToMimeBundle()
    {
        static string Enc(string? s) => WebUtility.HtmlEncode(s ?? "");
        var key = SolutionBook.IdOf(Id);
        var verdict = Correct ? "✅ correct" : "⏳ not yet";
        var task = Requirement is null ? "" : $" (must {Requirement})";
        var plain = Correct
            ? $"Exercise {Id}: {verdict} ({Answer}){task}"
            : $"Exercise {Id}: {verdict}: your answer is {Answer}{task}. Hint: {Hint}";
        var ask = $"Exercise.Solution(\"{key}\")";
        if (ShownSolution is null && SolutionAvailable) plain += $"\n  (stuck? run {ask} for a worked solution)";
        if (SolutionError is not null && SolutionVerified != true) plain += $"\n  (solution not checked: {SolutionError})";
        var html = $"<div class=\"lmc-exercise {(Correct ? "lmc-correct" : "lmc-not-yet")}\"><b>Exercise {Enc(Id)}</b>: {Enc(verdict)}" +
                   (Correct ? $" <code>{Enc(Answer)}</code>{Enc(task)}" : $"; your answer is <code>{Enc(Answer)}</code>{Enc(task)}.<br/><i>Hint:</i> {Enc(Hint)}") +
                   (ShownSolution is not null ? SolutionCard.DetailsHtml(ShownSolution, SolutionVerified == true)
                       : SolutionAvailable ? $"<div class=\"lmc-ask-solution\">Stuck? Run <code>{Enc(ask)}</code> for a worked solution.</div>" : "") +
                   (SolutionError is not null && SolutionVerified != true ? $"<div class=\"lmc-solution-error\">Solution not checked: {Enc(SolutionError)}</div>" : "") +
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

/// <summary>A worked solution shown on request (<see cref="Exercise.Solution"/>).</summary>
/// <param name="Id">The exercise number asked for.</param>
/// <param name="Entry">The solution, or null when the chapter's solutions file has none for that number.</param>
public sealed record SolutionCard(string Id, SolutionEntry? Entry) : IMimeRenderable
{
    /// <inheritdoc/>
    public MimeBundle ToMimeBundle()
    {
        if (Entry is null)
        {
            var missing = $"No solution for exercise {Id} was found: the course's hosts read them from the {SolutionBook.FolderName}/ folder beside the notebooks.";
            return Formatting.Text(missing);
        }
        var plain = $"Solution {Entry.Id} {Entry.Title}\n{Entry.Code}" +
                    (Entry.CheckedAgainst is null ? "" : $"\nChecked against: {Entry.CheckedAgainst}") +
                    (Entry.Explanation.Length == 0 ? "" : $"\n{Entry.Explanation}");
        return new MimeBundle()
            .With(MimeBundle.PlainText, plain)
            .With(MimeBundle.Html, $"<div class=\"lmc-exercise\">{DetailsHtml(Entry, verified: false, open: true)}</div>");
    }

    /// <summary>The solution as a folded <c>details</c> block: code, what it is checked against, and its explanation as text.</summary>
    internal static string DetailsHtml(SolutionEntry entry, bool verified, bool open = false)
    {
        static string Enc(string? s) => WebUtility.HtmlEncode(s ?? "");
        return $"<details class=\"lmc-solution\"{(open ? " open" : "")}><summary>Solution {Enc(entry.Id)}{(verified ? " (checked)" : "")}</summary>" +
               $"<pre><code class=\"language-csharp\">{Enc(entry.Code)}</code></pre>" +
               (entry.CheckedAgainst is null ? "" : $"<div>Checked against <code>{Enc(entry.CheckedAgainst)}</code>.</div>") +
               (entry.Explanation.Length == 0 ? "" : $"<div class=\"lmc-solution-notes\">{Enc(entry.Explanation)}</div>") +
               "</details>";
    }
}
