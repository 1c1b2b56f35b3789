using System.Collections;
using System.ComponentModel;
using System.Globalization;
using LargeModelsCourse.Display;
using LargeModelsCourse.Translation;

namespace LargeModelsCourse.Exercises;

/// <summary>
/// Automatic checks for a chapter's exercises. The cell a student edits holds the task, a placeholder and the
/// check — <c>Exercise.Check("2.1 MAE of the example", myMae, hint: "…")</c> — and neither the solution nor the
/// expected value: those live in the chapter's solutions file (<see cref="SolutionBook"/>), which the course's
/// hosts hand to the cell when it runs. The check runs the solution to find the expected value, proves the solution
/// passes (against an independent computation where the file gives one) and says <b>correct</b> or <b>not yet</b>
/// with a hint. <see cref="Solution"/> shows a worked solution on request. Taught in chapter 00.
/// </summary>
public static class Exercise
{
    /// <summary>The MIME type the course's tests read: <c>{ id, correct, solutionVerified, solutionError }</c>.</summary>
    public const string MimeType = "application/vnd.largemodelscourse.exercise+json";

    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, ProvidedSolution> Provided = new(StringComparer.Ordinal);
    // Per host, flowing with the cells it runs (as Notebook.Sink does).
    private static readonly AsyncLocal<SolutionBook?> CurrentSolutions = new();
    private static readonly AsyncLocal<bool> CurrentShowSolutions = new();
    // A box per host session, so that a cell's choice holds for the session's later cells (each cell runs in a flow of
    // its own, where setting an AsyncLocal would not outlive the cell); the process's own box serves a plain app.
    private static readonly AsyncLocal<LanguageChoice?> CurrentLanguage = new();
    private static readonly LanguageChoice ProcessLanguage = new();

    /// <summary>The solutions the host found for the notebooks it runs (shown by <see cref="Solution"/>).</summary>
    public static SolutionBook Solutions
    {
        get => CurrentSolutions.Value ?? SolutionBook.Empty;
        set => CurrentSolutions.Value = value;
    }

    /// <summary>
    /// True when exercise cards carry their solution folded away: the runner sets it, since its executed copies
    /// become the book; a live session leaves it off so that a solution appears only when asked for.
    /// </summary>
    public static bool ShowSolutionsInCards
    {
        get => CurrentShowSolutions.Value;
        set => CurrentShowSolutions.Value = value;
    }

    /// <summary>
    /// The language of the exercise cards: "en" (the default) or "zh-CN". The Chinese notebooks that
    /// <c>course translate</c> writes set it in their setup cell; cards then show the title, hint and requirement from
    /// the chapter's translation file (translations/LANG/ beside the notebook) when it is current, else the English.
    /// </summary>
    /// <exception cref="ArgumentException">The course has no such language.</exception>
    public static string Language
    {
        get => (CurrentLanguage.Value ?? ProcessLanguage).Name;
        set => (CurrentLanguage.Value ?? ProcessLanguage).Name = CourseLanguage.Normalize(value);
    }

    /// <summary>
    /// Starts a host's session (a notebook's run): cards speak English until a cell of this session chooses a
    /// <see cref="Language"/>, and that choice stays in this session. The course's hosts call it; chapters never do.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void BeginSession() => CurrentLanguage.Value = new LanguageChoice();

    /// <summary>Checks a numeric answer against the solution's value.</summary>
    /// <param name="id">The exercise's number and name, e.g. "2.1 MAE of the example".</param>
    /// <param name="answer">The student's answer.</param>
    /// <param name="hint">What to try when the answer is not yet right: a direction, not the code.</param>
    /// <param name="tolerance">Allowed absolute difference (relative for values larger than 1).</param>
    public static ExerciseResult Check(string id, double answer, string hint, double tolerance = 1e-6)
    {
        bool Close(double value, double expected) => double.IsFinite(value) &&
            Math.Abs(value - expected) <= tolerance * Math.Max(1, Math.Abs(expected));
        return Judge(id, hint, Format(answer), ToDouble,
            Close, expected => Close(answer, expected));
    }

    /// <summary>Checks a vector answer element by element.</summary>
    public static ExerciseResult Check(string id, double[] answer, string hint, double tolerance = 1e-6)
    {
        bool Close(double[] value, double[] expected) => value.Length == expected.Length &&
            value.Zip(expected).All(p => double.IsFinite(p.First) && Math.Abs(p.First - p.Second) <= tolerance * Math.Max(1, Math.Abs(p.Second)));
        return Judge(id, hint, Format(answer), ToDoubles,
            Close, expected => Close(answer, expected));
    }

    /// <summary>Checks an exact answer (an integer, a class name, a yes/no).</summary>
    public static ExerciseResult CheckExact<T>(string id, T answer, string hint) where T : IEquatable<T> =>
        Judge(id, hint, $"{answer}", To<T>,
            (solution, expected) => solution.Equals(expected), answer.Equals);

    /// <summary>
    /// A change-and-observe exercise whose requirement is cheap to test: the student changes a value until
    /// <paramref name="meets"/> holds. Any answer that meets the requirement is correct; the solutions file gives one.
    /// When the test is an experiment (a training run, an attack) and the card should say what it showed, use the
    /// overload with <c>experiment:</c>, which runs it once per value.
    /// </summary>
    /// <param name="id">The exercise's number and name.</param>
    /// <param name="answer">The value the student chose.</param>
    /// <param name="requirement">What the answer must achieve, in words ("converges within 100 steps").</param>
    /// <param name="meets">Says whether a value meets the requirement.</param>
    /// <param name="hint">Which way to change it.</param>
    public static ExerciseResult Satisfies<T>(string id, T answer, string requirement, Func<T, bool> meets, string hint)
    {
        var trials = new Trials<T, bool>(meets);
        var met = trials.Run(answer);
        return Judge(id, hint, $"{answer}", To<T>, (solution, _) => trials.Run(solution), _ => met, requirement, usesReference: false);
    }

    /// <summary>
    /// A change-and-observe exercise: the student changes something (a learning rate, a width, a temperature), the
    /// <paramref name="experiment"/> runs with it, and the answer is correct when its outcome <paramref name="meets"/> the
    /// requirement. Any answer that meets it is correct; the solutions file gives one. The experiment runs once per value
    /// (the student's, then the solution's unless it is the same value): the check and the card's observation share its
    /// outcome.
    /// </summary>
    /// <param name="id">The exercise's number and name.</param>
    /// <param name="answer">The value the student chose.</param>
    /// <param name="requirement">What the answer must achieve, in words ("converges within 100 steps").</param>
    /// <param name="experiment">Runs the experiment with a value and returns what it measured (an accuracy, a loss).</param>
    /// <param name="meets">Says whether an outcome meets the requirement.</param>
    /// <param name="hint">Which way to change it.</param>
    /// <param name="observe">Optional: what the experiment showed for a value ("37 steps"), shown on the card.</param>
    /// <param name="refuse">
    /// Optional: why a value cannot be tried ("a learning rate must be positive"), or null when it can. A refused value is
    /// not yet right and its experiment never runs; the card shows the reason.
    /// </param>
    public static ExerciseResult Satisfies<T, TOutcome>(string id, T answer, string requirement, Func<T, TOutcome> experiment,
        Func<TOutcome, bool> meets, string hint, Func<T, TOutcome, string>? observe = null, Func<T, string?>? refuse = null)
    {
        var trials = new Trials<T, TOutcome>(experiment);
        string observation;
        bool met;
        if (refuse?.Invoke(answer) is { } refusal)
        {
            observation = $"{answer}: {refusal}";
            met = false;
        }
        else
        {
            var outcome = trials.Run(answer);
            met = meets(outcome);
            observation = observe is null ? $"{answer}" : $"{answer}: {observe(answer, outcome)}";
        }
        bool SolutionMeets(T solution) => refuse?.Invoke(solution) is { } why
            ? throw new ArgumentException($"the solution's value {solution} is refused by the exercise: {why}")
            : meets(trials.Run(solution));
        return Judge(id, hint, observation, To<T>, (solution, _) => SolutionMeets(solution), _ => met, requirement, usesReference: false);
    }

    /// <summary>Shows the worked solution of exercise <paramref name="id"/> (e.g. "2.1"): try it yourself first.</summary>
    public static SolutionCard Solution(string id)
    {
        var entry = Solutions.Find(id);
        var card = new SolutionCard(SolutionBook.IdOf(id), entry);
        Notebook.display(card);
        return card;
    }

    /// <summary>
    /// Hands exercise <paramref name="id"/> its solution (and an independent computation of the expected value, when the
    /// solutions file gives one). The course's hosts insert this call into an exercise cell before it runs; chapters
    /// never call it.
    /// </summary>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public static void Provide(string id, Func<object?> solution, Func<object?>? checkedAgainst = null)
    {
        lock (Gate) Provided[SolutionBook.IdOf(id)] = new ProvidedSolution(solution, checkedAgainst);
    }

    private static ExerciseResult Judge<T>(string id, string hint, string answerText, Func<object?, T> convert,
        Func<T, T, bool> solutionPasses, Func<T, bool> answerIsRight, string? requirement = null, bool usesReference = true)
    {
        var key = SolutionBook.IdOf(id);
        ProvidedSolution? provided;
        lock (Gate) Provided.Remove(key, out provided);
        bool correct = false;
        bool? verified = null;
        string? error = null;
        if (provided is null)
        {
            error = $"no solution for exercise {key} was handed to this cell: run the notebook from the course's notebooks folder " +
                    $"(its {SolutionBook.FolderName}/ folder holds the chapter's solutions), with `course run` or the course kernel";
        }
        else
        {
            try
            {
                var solution = convert(provided.Solution());
                // The expected value is the independent computation when there is one, else the solution's own value
                // (then "passes" means it is a proper answer: finite, or meeting the requirement).
                // A change-and-observe check has no expected value, so an independent computation would only cost time.
                var expected = usesReference && provided.CheckedAgainst is { } reference ? convert(reference()) : solution;
                verified = solutionPasses(solution, expected);
                correct = answerIsRight(expected);
                if (verified != true) error = $"the solution of exercise {key} does not pass its own check";
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                verified = false;
                error = $"{e.GetType().Name}: {e.Message}";
            }
        }
        var entry = Solutions.Find(key);
        var language = Language;
        var translations = Translations(language);
        var result = new ExerciseResult(id, correct, answerText, hint, requirement, verified, error,
            ShowSolutionsInCards ? entry : null, entry is not null)
        {
            Language = language,
            ShownTitle = translations.Find(id, "title", id),
            ShownHint = translations.Find(id, "hint", hint),
            ShownRequirement = requirement is null ? null : translations.Find(id, "requirement", requirement),
        };
        Notebook.display(result);
        return result;
    }

    // The hosts run a notebook with its folder as the working directory; its translations/ folder is beside it.
    private static ExerciseTranslations Translations(string language)
    {
        if (language == CourseLanguage.English) return ExerciseTranslations.None;
        try { return ExerciseTranslations.For(Environment.CurrentDirectory, language); }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"The exercise cards stay in English: {e.Message}");
            return ExerciseTranslations.None;
        }
    }

    private static double ToDouble(object? value) => value switch
    {
        null => throw new InvalidCastException("the solution returned null, not a number"),
        IConvertible c => c.ToDouble(CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"the solution returned a {value.GetType().Name}, not a number"),
    };

    private static double[] ToDoubles(object? value) => value switch
    {
        double[] d => d,
        IEnumerable e and not string => e.Cast<object?>().Select(ToDouble).ToArray(),
        _ => throw new InvalidCastException($"the solution returned {value?.GetType().Name ?? "null"}, not a list of numbers"),
    };

    private static T To<T>(object? value) => value switch
    {
        T t => t,
        IConvertible c when typeof(IConvertible).IsAssignableFrom(typeof(T)) => (T)c.ToType(typeof(T), CultureInfo.InvariantCulture),
        _ => throw new InvalidCastException($"the solution returned {value?.GetType().Name ?? "null"}, not a {typeof(T).Name}"),
    };

    internal static string Format(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static string Format(double[] values) => "[" + string.Join(", ", values.Select(Format)) + "]";

    private sealed class LanguageChoice
    {
        public string Name { get; set; } = CourseLanguage.English;
    }

    /// <summary>
    /// One check's experiment, run at most once per value: the student's answer and the solution share a run when they
    /// are the same value, and the check and the card's observation share the outcome.
    /// </summary>
    private sealed class Trials<T, TOutcome>(Func<T, TOutcome> experiment)
    {
        private readonly List<(T Value, TOutcome Outcome)> done = [];

        public TOutcome Run(T value)
        {
            foreach (var (tried, outcome) in done)
                if (EqualityComparer<T>.Default.Equals(tried, value)) return outcome;
            var result = experiment(value);
            done.Add((value, result));
            return result;
        }
    }

    private sealed record ProvidedSolution(Func<object?> Solution, Func<object?>? CheckedAgainst);
}
