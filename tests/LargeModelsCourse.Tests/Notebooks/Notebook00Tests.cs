using LargeModelsCourse.Display;
using LargeModelsCourse.Exercises;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Notebooks;

public class Notebook00Tests
{
    [Fact]
    public void Start_here_runs_end_to_end_with_torchsharp_charts_and_exercises()
    {
        var nb = ExecutedCourse.Get("00");
        Assert.Equal(10, nb.Number("sum_of_x"));
        Assert.Equal(Math.Sqrt(9), nb.Number("last_point"), 6);
        Assert.InRange(nb.Number("sample_mean"), -0.3, 0.3);
        Assert.InRange(nb.Number("sample_std"), 0.8, 1.2);
        Assert.True(nb.CountMime(MimeBundle.PlotlyJson) >= 3);
        Assert.Contains("tensor [4] Float32", nb.AllText, StringComparison.Ordinal);
        CourseContract.AssertExercises(nb, minimum: 3);
    }
}
