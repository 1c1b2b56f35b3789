using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Exercises;

namespace LargeModelsCourse.Tests.Support;

/// <summary>
/// The contract every chapter keeps (course-design.md), checked on its executed copy: no failing cell, at least
/// three charts, at least three exercises whose solutions pass their own checks and whose placeholders do not.
/// The rules a notebook's source shows (setup cell, title, goals, summary, links) are checked for every chapter
/// by <c>CourseContractTests</c>.
/// </summary>
public static class CourseContract
{
    /// <summary>Every executed-copy rule of the contract.</summary>
    public static void Holds(ExecutedResult notebook)
    {
        Assert.DoesNotContain(notebook.Outputs, o => o["output_type"]?.GetValue<string>() == "error");
        AssertCharts(notebook, 3);
        // The first chart carries plotly.js so the saved notebook draws offline, and only the first: also after the
        // cells ran twice, when the second run's outputs replace the first's.
        var copies = notebook.Outputs.Sum(o => o.ToJsonString().Split(PlotlyOutput.LibraryMarker).Length - 1);
        Assert.True(copies == 1, $"plotly.js should travel exactly once in the executed notebook; it travels {copies} times");
        AssertExercises(notebook, 3);
        // The book shows the student's placeholder, so every exercise must start by saying "not yet".
        Assert.All(Exercises(notebook), e =>
            Assert.False(e["correct"]!.GetValue<bool>(), $"exercise {e["id"]}: the placeholder answer is already correct"));
    }

    /// <summary>At least <paramref name="minimum"/> exercises, each with a solution that passes its own check.</summary>
    public static void AssertExercises(ExecutedResult notebook, int minimum)
    {
        var exercises = Exercises(notebook);
        Assert.True(exercises.Count >= minimum, $"expected at least {minimum} exercises, found {exercises.Count}");
        Assert.All(exercises, e => Assert.True(e["solutionVerified"]?.GetValue<bool>() == true,
            $"exercise {e["id"]}: its solution does not pass its own check ({e["solutionError"]})"));
    }

    /// <summary>At least <paramref name="minimum"/> Plotly charts.</summary>
    public static void AssertCharts(ExecutedResult notebook, int minimum) =>
        Assert.True(notebook.CountMime(MimeBundle.PlotlyJson) >= minimum,
            $"expected at least {minimum} charts, found {notebook.CountMime(MimeBundle.PlotlyJson)}");

    private static List<JsonObject> Exercises(ExecutedResult notebook) =>
        notebook.Outputs.Select(o => o["data"]?[Exercise.MimeType]).OfType<JsonObject>().ToList();
}
