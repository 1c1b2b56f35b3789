using System.Text.RegularExpressions;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Notebooks;

/// <summary>
/// The contract every chapter keeps (course-design.md), checked on the sources of every notebook in notebooks/:
/// the same first cell, a title with 3–5 goals and a run time, exercises, a summary and links to go further,
/// the course kernel in the metadata, and no outputs committed (executed copies live elsewhere); and on every executed
/// copy, no failing cell, at least three charts and three exercises whose solutions pass.
/// </summary>
public partial class CourseContractTests
{
    public static TheoryData<string> Chapters()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Repo.Notebooks, "*.ipynb").OrderBy(p => p, StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    private static NotebookDocument Load(string name) => NotebookDocument.Load(Path.Combine(Repo.Notebooks, name));

    [Fact]
    public void Chapters_are_numbered_from_00_without_gaps()
    {
        var numbers = Directory.GetFiles(Repo.Notebooks, "*.ipynb").Select(p => Path.GetFileName(p)[..2]).Order().ToList();
        Assert.Equal(Enumerable.Range(0, numbers.Count).Select(n => n.ToString("00")), numbers);
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public void Every_chapter_starts_with_the_same_setup_cell(string name)
    {
        var setup = Load("00-start-here.ipynb").Cells.First(c => c.IsCSharp).Source;
        Assert.Equal(setup, Load(name).Cells.First(c => c.IsCSharp).Source);
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public void Every_chapter_has_a_title_goals_and_run_time(string name)
    {
        var first = Load(name).Cells[0];
        Assert.Equal(CellLanguage.Markdown, first.Language);
        Assert.Matches($"^# {name[..2]} · ", first.Source);
        Assert.Contains("**What you will learn**", first.Source, StringComparison.Ordinal);
        Assert.Contains("**Run time:**", first.Source, StringComparison.Ordinal);
        var goals = first.Source[first.Source.IndexOf("**What you will learn**", StringComparison.Ordinal)..]
            .Split('\n').Skip(1).TakeWhile(l => l.Trim().Length > 0).Count(l => l.StartsWith("- ", StringComparison.Ordinal));
        Assert.InRange(goals, 3, 5);
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public void Every_chapter_has_exercises_a_summary_and_primary_sources(string name)
    {
        var notebook = Load(name);
        var code = string.Join("\n", notebook.Cells.Where(c => c.IsCSharp).Select(c => c.Source));
        Assert.True(ExerciseCall().Matches(code).Count >= 3, "at least three checked exercises");
        var prose = string.Join("\n", notebook.Cells.Where(c => c.Language == CellLanguage.Markdown).Select(c => c.Source));
        Assert.Contains("## Summary", prose, StringComparison.Ordinal);
        Assert.Contains("## Going further", prose, StringComparison.Ordinal);
        var further = prose[prose.IndexOf("## Going further", StringComparison.Ordinal)..];
        Assert.True(Link().Matches(further).Count >= 3, "Going further links at least three primary sources");
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public void Sources_name_the_course_kernel_and_carry_no_outputs(string name)
    {
        var notebook = Load(name);
        Assert.Equal(CourseKernelSpec.Name, notebook.Root["metadata"]?["kernelspec"]?["name"]?.GetValue<string>());
        Assert.All(notebook.Cells.Where(c => c.CellType == "code"), c =>
            Assert.True(c.Raw["outputs"] is null || c.Raw["outputs"]!.AsArray().Count == 0, $"cell {c.Number} of {name} has committed outputs"));
    }

    [Theory]
    [MemberData(nameof(Chapters))]
    public void Every_executed_chapter_runs_without_errors_with_charts_and_checked_exercises(string name) =>
        CourseContract.Holds(ExecutedCourse.Get(name[..2]));

    [GeneratedRegex(@"https?://[^\s)>]+")]
    private static partial Regex Link();

    [GeneratedRegex(@"Exercise\.Check(Exact)?\(")]
    private static partial Regex ExerciseCall();
}
