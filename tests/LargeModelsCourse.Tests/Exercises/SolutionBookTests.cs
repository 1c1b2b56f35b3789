using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LargeModelsCourse.Exercises;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Data;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Exercises;

/// <summary>
/// The exercise design: the cell a student edits holds no solution and no expected value; each chapter's solutions
/// file holds them; the hosts hand them to the check, which verifies them.
/// </summary>
public class SolutionBookTests
{
    private const string Sample = """
        # Solutions · 99 Sample

        Intro prose that belongs to no exercise.

        ## 99.1 The mean

        Average the entries.

        ```csharp
        values.Average()
        ```

        Checked against: `2.5`

        ## 99.2 A loop

        ```csharp
        var total = 0;
        for (var i = 1; i <= 4; i++) total += i;
        return total;
        ```
        """;

    [Fact]
    public void A_solutions_file_parses_into_code_reference_and_explanation()
    {
        var entries = SolutionBook.Parse(Sample, "sample.md");
        Assert.Equal(["99.1", "99.2"], entries.Select(e => e.Id));
        Assert.Equal("The mean", entries[0].Title);
        Assert.Equal("values.Average()", entries[0].Code);
        Assert.Equal("2.5", entries[0].CheckedAgainst);
        Assert.Equal("Average the entries.", entries[0].Explanation);
        Assert.False(entries[0].IsStatements);
        Assert.True(entries[1].IsStatements);
        Assert.Null(entries[1].CheckedAgainst);
        Assert.Equal("sample.md:5", entries[0].Source);
    }

    [Theory]
    [InlineData("## 1.1 No code\n\nJust words.\n", "sample.md:1: exercise 1.1 has no ```csharp block")]
    [InlineData("## 1.1 Open\n\n```csharp\n1 + 1\n", "sample.md:3: the code block of exercise 1.1 is not closed")]
    [InlineData("## 1.1 Two\n\n```csharp\n1\n```\n```csharp\n2\n```\n", "sample.md:6: exercise 1.1 has two C# blocks")]
    public void A_malformed_solutions_file_says_where_and_what(string markdown, string expected)
    {
        var e = Assert.Throws<FormatException>(() => SolutionBook.Parse(markdown, "sample.md"));
        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Injection_hands_over_the_solution_and_keeps_the_cells_line_numbers()
    {
        var book = Book(Sample);
        var cell = "using System.Linq;\n// Exercise 99.1\ndouble myMean = 0;\nExercise.Check(\"99.1 The mean\", myMean, hint: \"add them up\");";
        var injected = SolutionInjection.Inject(cell, book);
        Assert.Contains("Exercise.Provide(\"99.1\", () => (object?)(values.Average()), () => (object?)(2.5));", injected.Code, StringComparison.Ordinal);
        Assert.StartsWith("using System.Linq;\n#line hidden\n", injected.Code, StringComparison.Ordinal);
        Assert.Contains("#line 2\n// Exercise 99.1", injected.Code, StringComparison.Ordinal);
        Assert.Equal(cell, SolutionInjection.Inject(cell, SolutionBook.Empty).Code);
        Assert.Equal("x + 1;", SolutionInjection.Inject("x + 1;", book).Code);
    }

    [Fact]
    public async Task A_checked_exercise_verifies_its_solution_and_errors_keep_the_cells_lines()
    {
        using var folder = new TempFolder();
        var session = new ScriptSession(folder.Path, BundledPackages.Shipped) { Solutions = Book(Sample) };
        Assert.True((await session.ExecuteAsync("using LargeModelsCourse.Exercises;\nvar values = new[] { 1.0, 2, 3, 4 };", 1)).Succeeded);
        var check = await session.ExecuteAsync("double myMean = 2.5;\nExercise.Check(\"99.1 The mean\", myMean, hint: \"add\")", 2);
        var result = Assert.IsType<ExerciseResult>(check.Value);
        Assert.True(result.Correct);
        Assert.True(result.SolutionVerified);
        var wrong = await session.ExecuteAsync("double myMean = 3;\nExercise.Check(\"99.1 The mean\", myMean, hint: \"add\")", 3);
        Assert.False(Assert.IsType<ExerciseResult>(wrong.Value).Correct);
        var failing = await session.ExecuteAsync("double myMean = 3;\nExercise.Check(\"99.1 The mean\", myMean, hint: \"add\");\nthrow new InvalidOperationException(\"line three\");", 4);
        Assert.Equal(3, failing.Error!.Line);
        var typo = await session.ExecuteAsync("double myMean = 3;\nExercise.Check(\"99.1 The mean\", myMean, hint: \"add\");\nint x = \"text\";", 5);
        Assert.Equal(3, typo.Error!.Line);
    }

    [Fact]
    public async Task A_broken_solution_is_blamed_on_the_solutions_file_not_the_cell()
    {
        using var folder = new TempFolder();
        var session = new ScriptSession(folder.Path, BundledPackages.Shipped)
        {
            Solutions = Book("## 98.1 Broken\n\n```csharp\nnoSuchVariable * 2\n```\n"),
        };
        var outcome = await session.ExecuteAsync("using LargeModelsCourse.Exercises;\ndouble my = 0;\nExercise.Check(\"98.1 Broken\", my, hint: \"h\");", 1);
        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Error!.Line);
        Assert.Contains("in the solution of exercise 98.1, ", outcome.Error.Message, StringComparison.Ordinal);
        Assert.Contains("sample.md:1", outcome.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_and_observe_exercise_accepts_any_answer_that_meets_the_requirement()
    {
        Exercise.Provide("97.1", () => 0.1);
        var chosen = Exercise.Satisfies("97.1 Small enough", 0.2, "stay below 0.5", a => a < 0.5, hint: "smaller");
        Assert.True(chosen.Correct);
        Assert.True(chosen.SolutionVerified);
        Exercise.Provide("97.1", () => 0.1);
        Assert.False(Exercise.Satisfies("97.1 Small enough", 0.9, "stay below 0.5", a => a < 0.5, hint: "smaller").Correct);
    }

    [Fact]
    public void A_change_and_observe_experiment_runs_once_per_value_for_the_check_and_the_observation()
    {
        var runs = new List<double>();
        double Experiment(double value)
        {
            runs.Add(value);
            return value * 2;
        }

        // The student's value and the solution's: one run each, shared by meets and observe.
        Exercise.Provide("97.2", () => 0.1);
        var result = Exercise.Satisfies("97.2 Doubled stays small", 0.2, "double to less than 1", experiment: Experiment,
            meets: doubled => doubled < 1, hint: "smaller", observe: (value, doubled) => $"{value} doubles to {doubled}");
        Assert.True(result.Correct);
        Assert.True(result.SolutionVerified);
        Assert.Equal("0.2: 0.2 doubles to 0.4", result.Answer);
        Assert.Equal([0.2, 0.1], runs);

        // The solution's own value: one run serves both.
        runs.Clear();
        Exercise.Provide("97.2", () => 0.1);
        Assert.True(Exercise.Satisfies("97.2 Doubled stays small", 0.1, "double to less than 1", experiment: Experiment,
            meets: doubled => doubled < 1, hint: "smaller", observe: (value, doubled) => $"{doubled}").Correct);
        Assert.Equal([0.1], runs);

        // A refused value is never tried; the card says why.
        runs.Clear();
        Exercise.Provide("97.2", () => 0.1);
        var refused = Exercise.Satisfies("97.2 Doubled stays small", -1.0, "double to less than 1", experiment: Experiment,
            meets: doubled => doubled < 1, hint: "smaller", refuse: value => value > 0 ? null : "must be positive");
        Assert.False(refused.Correct);
        Assert.True(refused.SolutionVerified);
        Assert.Equal("-1: must be positive", refused.Answer);
        Assert.Equal([0.1], runs);
    }

    [Fact]
    public async Task Through_the_hosts_solution_injection_each_value_is_tried_once()
    {
        using var folder = new TempFolder();
        var session = new ScriptSession(folder.Path, BundledPackages.Shipped)
        {
            Solutions = Book("## 95.1 Counted\n\n```csharp\n0.1\n```\n"),
        };
        var cell = """
            using LargeModelsCourse.Exercises;
            var tried = new List<double>();
            double Experiment(double value) { tried.Add(value); return value * 2; }
            double myValue = 0.3;
            Exercise.Satisfies("95.1 Counted", myValue, requirement: "double to less than 1", experiment: Experiment,
                meets: doubled => doubled < 1, hint: "smaller", observe: (value, doubled) => $"doubled {doubled}");
            """;
        var check = await session.ExecuteAsync(cell, 1);
        Assert.True(check.Succeeded, check.Error?.Message);
        var tried = await session.ExecuteAsync("string.Join(\",\", tried)", 2);
        Assert.Equal("0.3,0.1", tried.Value);
    }

    [Fact]
    public void Without_its_solution_a_check_says_why_instead_of_guessing()
    {
        var result = Exercise.Check("96.1 Orphan", 1.0, hint: "h");
        Assert.False(result.Correct);
        Assert.Null(result.SolutionVerified);
        Assert.Contains("solutions", result.SolutionError, StringComparison.Ordinal);
    }

    /// <summary>The rule of course-design.md: the cell a student edits never holds the solution or the expected value.</summary>
    [Fact]
    public void No_chapter_cell_holds_an_exercise_solution_or_expected_value()
    {
        var book = SolutionBook.ForFolder(Repo.Notebooks);
        var usedIds = new HashSet<string>();
        foreach (var path in Directory.GetFiles(Repo.Notebooks, "*.ipynb"))
        {
            var notebook = NotebookDocument.Load(path);
            foreach (var cell in notebook.Cells.Where(c => c.IsCSharp))
            {
                var ids = SolutionInjection.ExerciseIds(cell.Source);
                if (ids.Count == 0) continue;
                Assert.False(Regex.IsMatch(cell.Source, @"\b(expected|solution)\s*:"),
                    $"{notebook.Name}, cell {cell.Number}: an exercise cell names its expected value or solution; move it to notebooks/solutions/{notebook.Name}.md");
                foreach (var id in ids)
                {
                    var entry = book.Find(id);
                    Assert.True(entry is not null, $"{notebook.Name}: exercise {id} has no solution in notebooks/solutions/");
                    Assert.Contains(Path.GetFileName(path).Replace(".ipynb", ".md", StringComparison.Ordinal), entry!.Source, StringComparison.Ordinal);
                    usedIds.Add(id);
                }
            }
        }
        Assert.Empty(book.Entries.Select(e => e.Id).Except(usedIds));
    }

    private static SolutionBook Book(string markdown)
    {
        var folder = Path.Combine(Path.GetTempPath(), "lmc-solutions-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(folder, SolutionBook.FolderName));
        File.WriteAllText(Path.Combine(folder, SolutionBook.FolderName, "sample.md"), markdown);
        try { return SolutionBook.ForFolder(folder); }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
