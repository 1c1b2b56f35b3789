using System.Net;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Translation;

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
    /// <summary>The language the card speaks (<see cref="CourseLanguage"/>); its words come from <see cref="ExerciseLabels"/>.</summary>
    public string Language { get; init; } = CourseLanguage.English;

    /// <summary>The title shown, when a translation replaces <see cref="Id"/> on the card (the id stays the machine key).</summary>
    public string? ShownTitle { get; init; }

    /// <summary>The hint shown, when a translation replaces <see cref="Hint"/>.</summary>
    public string? ShownHint { get; init; }

    /// <summary>The requirement shown, when a translation replaces <see cref="Requirement"/>.</summary>
    public string? ShownRequirement { get; init; }

    /// <inheritdoc/>
    public MimeBundle ToMimeBundle()
    {
        static string Enc(string? s) => WebUtility.HtmlEncode(s ?? "");
        var words = ExerciseLabels.For(Language);
        var chinese = Language == CourseLanguage.ChineseSimplified;
        var title = ShownTitle ?? Id;
        var hint = ShownHint ?? Hint;
        var requirement = ShownRequirement ?? Requirement;
        var key = SolutionBook.IdOf(Id);
        var verdict = Correct ? words.Correct : words.NotYet;
        var task = requirement is null ? "" : chinese ? $"（{words.Must}：{requirement}）" : $" ({words.Must} {requirement})";
        var colon = chinese ? "：" : ": ";
        var plain = Correct
            ? $"{words.Exercise} {title}{colon}{verdict} ({Answer}){task}"
            : $"{words.Exercise} {title}{colon}{verdict}{(chinese ? "；" : ": ")}{words.YourAnswerIs} {Answer}{task}{words.Stop}{(chinese ? "" : " ")}{words.Hint}{(chinese ? "" : " ")}{hint}";
        var ask = $"Exercise.Solution(\"{key}\")";
        if (ShownSolution is null && SolutionAvailable)
            plain += chinese ? $"\n  （{words.StuckRun} {ask} {words.ForASolution.TrimEnd('。')}）" : $"\n  (stuck? run {ask} for a worked solution)";
        if (SolutionError is not null && SolutionVerified != true)
            plain += chinese ? $"\n  （{words.SolutionNotChecked}{SolutionError}）" : $"\n  (solution not checked: {SolutionError})";
        var html = $"<div class=\"lmc-exercise {(Correct ? "lmc-correct" : "lmc-not-yet")}\"{(chinese ? " lang=\"zh-CN\"" : "")}><b>{Enc(words.Exercise)} {Enc(title)}</b>{colon}{Enc(verdict)}" +
                   (Correct ? $" <code>{Enc(Answer)}</code>{Enc(task)}"
                       : $"{(chinese ? "；" : "; ")}{Enc(words.YourAnswerIs)} <code>{Enc(Answer)}</code>{Enc(task)}{words.Stop}<br/><i>{Enc(words.Hint)}</i>{(chinese ? "" : " ")}{Enc(hint)}") +
                   (ShownSolution is not null ? SolutionCard.DetailsHtml(ShownSolution, SolutionVerified == true, words: words)
                       : SolutionAvailable ? $"<div class=\"lmc-ask-solution\">{Enc(words.StuckRun)} <code>{Enc(ask)}</code> {Enc(words.ForASolution)}</div>" : "") +
                   (SolutionError is not null && SolutionVerified != true ? $"<div class=\"lmc-solution-error\">{Enc(words.SolutionNotChecked)} {Enc(SolutionError)}</div>" : "") +
                   "</div>";
        return new MimeBundle()
            .With(MimeBundle.PlainText, plain)
            .With(MimeBundle.Html, html)
            .With(Exercise.MimeType, ToJson());
    }

    // The card's facts in English, so that a book can show the same card in another language (FromJson).
    private JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["id"] = Id,
            ["correct"] = Correct,
            ["solutionVerified"] = SolutionVerified,
            ["solutionError"] = SolutionError,
            ["answer"] = Answer,
            ["hint"] = Hint,
            ["requirement"] = Requirement,
            ["solutionAvailable"] = SolutionAvailable,
            ["language"] = Language,
        };
        if (ShownSolution is { } s)
        {
            json["solution"] = new JsonObject
            {
                ["id"] = s.Id, ["title"] = s.Title, ["code"] = s.Code, ["checkedAgainst"] = s.CheckedAgainst,
                ["explanation"] = s.Explanation, ["source"] = s.Source,
            };
        }
        return json;
    }

    /// <summary>
    /// The card an exercise output recorded (its <see cref="Exercise.MimeType"/> JSON), in English; null when the JSON lacks
    /// a fact the card needs (an output of an older library).
    /// </summary>
    public static ExerciseResult? FromJson(JsonObject json)
    {
        static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        static bool? Flag(JsonNode? node) => node is JsonValue v && v.TryGetValue<bool>(out var b) ? b : null;
        if (Text(json["id"]) is not { } id || Flag(json["correct"]) is not { } correct || Text(json["answer"]) is not { } answer
            || Text(json["hint"]) is not { } hint || Flag(json["solutionAvailable"]) is not { } available) return null;
        SolutionEntry? solution = null;
        if (json["solution"] is JsonObject s)
        {
            if (Text(s["id"]) is not { } sid || Text(s["code"]) is not { } code) return null;
            solution = new SolutionEntry(sid, Text(s["title"]) ?? "", code, Text(s["checkedAgainst"]), Text(s["explanation"]) ?? "", Text(s["source"]) ?? "");
        }
        return new ExerciseResult(id, correct, answer, hint, Text(json["requirement"]), Flag(json["solutionVerified"]),
            Text(json["solutionError"]), solution, available);
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
    internal static string DetailsHtml(SolutionEntry entry, bool verified, bool open = false, ExerciseLabels? words = null)
    {
        static string Enc(string? s) => WebUtility.HtmlEncode(s ?? "");
        words ??= ExerciseLabels.English;
        return $"<details class=\"lmc-solution\"{(open ? " open" : "")}><summary>{Enc(words.Solution)} {Enc(entry.Id)}{(verified ? (words.Checked.StartsWith('(') ? " " : "") + Enc(words.Checked) : "")}</summary>" +
               $"<pre><code class=\"language-csharp\">{Enc(entry.Code)}</code></pre>" +
               (entry.CheckedAgainst is null ? "" : $"<div>{Enc(words.CheckedAgainst)} <code>{Enc(entry.CheckedAgainst)}</code>{Enc(words.Stop)}</div>") +
               (entry.Explanation.Length == 0 ? "" : $"<div class=\"lmc-solution-notes\">{Enc(entry.Explanation)}</div>") +
               "</details>";
    }
}
