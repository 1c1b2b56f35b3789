using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Students run a cell again: it must not fail, and it must show the same numbers. Each chapter here runs with every
/// code cell executed twice in a row (as `course run --twice` does), and its key results must equal those of the
/// single run the chapter tests read. The quick chapters run here; doubling the training chapters would add ~10 minutes
/// to CI, so they are checked with `course run --twice` by hand (README, "Running cells again").
/// </summary>
public sealed class RerunTests
{
    [Theory]
    [InlineData("00")]
    [InlineData("02")]
    [InlineData("04")]
    [InlineData("11")]
    public async Task Every_cell_run_twice_succeeds_and_shows_the_same_key_results(string chapter)
    {
        var once = ExecutedCourse.Get(chapter);
        var path = Directory.GetFiles(Repo.Notebooks, chapter + "-*.ipynb").Single();
        var twice = await new NotebookRunner(new RunSettings(TimeSpan.FromMinutes(10), OutputLimits.Default, RunEachCellTwice: true))
            .RunAsync(NotebookDocument.Load(path));
        Assert.True(twice.Status == RunStatus.Succeeded, $"chapter {chapter} run cell by cell twice: {twice.FailureMessage}");

        var rerun = new ExecutedResult(twice.Executed.ToJson());
        Assert.NotEmpty(once.KeyResults);
        Assert.Equal(once.KeyResults.Keys.Order(StringComparer.Ordinal), rerun.KeyResults.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in once.KeyResults)
            Assert.True(JsonNode.DeepEquals(value, rerun.KeyResults[key]),
                $"chapter {chapter}: {KeyResult.MimeType} '{key}' is {value.ToJsonString()} after one run and {rerun.KeyResults[key].ToJsonString()} after running each cell twice");
    }
}
