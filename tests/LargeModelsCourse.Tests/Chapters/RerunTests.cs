using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>
/// Students run a cell again: it must not fail, and it must show the same numbers. The chapter tests read runs in
/// which every quick cell ran twice in a row (<see cref="ExecutedCourse"/>; a cell that fails the second time fails
/// its chapter there). Here the chapters whose cells are all quick run twice more, once with each cell run once and once
/// with each cell run twice in a row, and every key result must be exactly the same: a cell that shows other numbers
/// the second time is caught even where a chapter test's tolerance would let it pass. Both runs happen in the serial
/// collection, because cells seed libtorch's process-wide generator, and a chapter running in parallel in this process
/// could draw from it between a cell's seed and its own draws.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class RerunTests
{
    [Theory]
    [InlineData("00")]
    [InlineData("01")]
    [InlineData("02")]
    [InlineData("03")]
    [InlineData("04")]
    [InlineData("11")]
    public async Task Every_cell_run_twice_succeeds_and_shows_the_same_key_results(string chapter)
    {
        var path = Directory.GetFiles(Repo.Notebooks, chapter + "-*.ipynb").Single();
        var single = await new NotebookRunner(new RunSettings(TimeSpan.FromMinutes(10), OutputLimits.Default))
            .RunAsync(NotebookDocument.Load(path));
        Assert.True(single.Status == RunStatus.Succeeded, $"chapter {chapter} run once: {single.FailureMessage}");
        var twice = await new NotebookRunner(new RunSettings(TimeSpan.FromMinutes(10), OutputLimits.Default, RunEachCellTwice: true))
            .RunAsync(NotebookDocument.Load(path));
        Assert.True(twice.Status == RunStatus.Succeeded, $"chapter {chapter} run cell by cell twice: {twice.FailureMessage}");

        var once = new ExecutedResult(single.Executed.ToJson());
        var rerun = new ExecutedResult(twice.Executed.ToJson());
        Assert.NotEmpty(once.KeyResults);
        Assert.Equal(once.KeyResults.Keys.Order(StringComparer.Ordinal), rerun.KeyResults.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in once.KeyResults)
            Assert.True(JsonNode.DeepEquals(value, rerun.KeyResults[key]),
                $"chapter {chapter}: {KeyResult.MimeType} '{key}' is {value.ToJsonString()} after one run and {rerun.KeyResults[key].ToJsonString()} after running each cell twice");
    }
}
