using System.Diagnostics;
using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Runner;

public class NotebookRunnerTests
{
    private static string Fixture(string name) => Path.Combine(Repo.Fixtures, "notebooks", name);

    private static NotebookRunResult Run(string name, double timeoutSeconds = 120) =>
        new NotebookRunner(TimeSpan.FromSeconds(timeoutSeconds)).RunAsync(NotebookDocument.Load(Fixture(name))).GetAwaiter().GetResult();

    private static JsonArray Outputs(NotebookRunResult result, int cellNumber) =>
        result.Executed.ToJson()["cells"]![cellNumber - 1]!["outputs"]!.AsArray();

    [Fact]
    public void Cells_share_state_and_directives_magics_and_metadata_work()
    {
        var result = Run("magics.ipynb");
        Assert.Equal(RunStatus.Succeeded, result.Status);
        Assert.Equal("120", Outputs(result, 2)[0]!["data"]!["text/plain"]!.GetValue<string>());
        Assert.Empty(Outputs(result, 3)); // a #!markdown code cell is prose
        Assert.Equal("240", Outputs(result, 4)[0]!["data"]!["text/plain"]!.GetValue<string>());
        Assert.Equal("241", Outputs(result, 5)[0]!["data"]!["text/plain"]!.GetValue<string>());
    }

    [Fact]
    public void The_working_directory_is_the_notebooks_folder()
    {
        var result = Run("magics.ipynb");
        Assert.Equal("read relative to the notebook", Outputs(result, 6)[0]!["data"]!["text/plain"]!.GetValue<string>());
    }

    [Fact]
    public void Display_update_replaces_its_output_and_streams_are_captured()
    {
        var outputs = Outputs(Run("magics.ipynb"), 7);
        var displays = outputs.Where(o => o!["output_type"]!.GetValue<string>() == "display_data").ToList();
        Assert.Single(displays);
        Assert.Equal("third", displays[0]!["data"]!["text/plain"]!.GetValue<string>());
        Assert.Contains("third", displays[0]!["data"]!["text/html"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(outputs, o => o!["output_type"]!.GetValue<string>() == "stream" && o["name"]!.GetValue<string>() == "stdout" && o["text"]!.GetValue<string>() == "out\n");
        Assert.Contains(outputs, o => o!["output_type"]!.GetValue<string>() == "stream" && o["name"]!.GetValue<string>() == "stderr" && o["text"]!.GetValue<string>() == "err\n");
    }

    [Fact]
    public void A_null_result_is_shown_as_null_like_polyglot()
    {
        var outputs = Outputs(Run("magics.ipynb"), 8);
        Assert.Equal("<null>", Assert.Single(outputs)!["data"]!["text/plain"]!.GetValue<string>());
    }

    [Fact]
    public void A_failing_cell_stops_the_notebook_and_names_cell_and_line()
    {
        var result = Run("failing.ipynb");
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(4, result.FailedCell!.Number);
        Assert.Equal(2, result.Error!.Line);
        Assert.Equal("ArgumentOutOfRangeException", result.Error.Name);
        Assert.Contains("failing.ipynb, cell 4, line 2: ArgumentOutOfRangeException", result.FailureMessage, StringComparison.Ordinal);

        // Every output up to the failure is kept; the error is the failed cell's last output; later cells never ran.
        Assert.Equal("a = 1\n", Outputs(result, 2)[0]!["text"]!.GetValue<string>());
        Assert.Equal("3", Outputs(result, 3)[0]!["data"]!["text/plain"]!.GetValue<string>());
        var error = Outputs(result, 4)[^1]!;
        Assert.Equal("error", error["output_type"]!.GetValue<string>());
        Assert.StartsWith("line 2:", error["evalue"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(Outputs(result, 5));
        Assert.Null(result.Executed.ToJson()["cells"]![4]!["execution_count"]);
    }

    [Fact]
    public void Compilation_errors_name_their_line()
    {
        var result = Run("compile-error.ipynb");
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal(2, result.Error!.Line);
        Assert.Contains("CS0029", result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("wrong-version.ipynb", "the course ships TorchSharp-cpu 0.107.0, not 0.99.0")]
    [InlineData("unknown-package.ipynb", "NuGet could not restore LargeModelsCourse.NoSuchPackage 1.0.0")]
    [InlineData("fsharp.ipynb", "the course's hosts run C# cells only")]
    public void Unsatisfiable_cells_fail_with_a_clear_message(string fixture, string message)
    {
        var result = Run(fixture);
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
        Assert.Equal(1, result.Error!.Line);
    }

    [Fact]
    public void A_cell_past_the_timeout_ends_the_run_cleanly()
    {
        var result = Run("slow.ipynb", timeoutSeconds: 1);
        Assert.Equal(RunStatus.TimedOut, result.Status);
        Assert.Contains("per-cell timeout of 1 s", result.Error!.Message, StringComparison.Ordinal);
        // The run's own clock starts when its turn comes (notebook runs in one process take turns).
        Assert.True(result.Seconds < 15, $"the cooperative cancellation should end the cell well before it finishes; the run took {result.Seconds:0.0} s");
    }

    [Fact]
    public void Executed_copies_never_overwrite_their_source()
    {
        var result = Run("magics.ipynb");
        var error = Assert.Throws<InvalidOperationException>(() => result.Executed.Save(Fixture("magics.ipynb")));
        Assert.Contains("refusing to overwrite the source notebook", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Executed_notebooks_are_valid_nbformat_4_5_with_the_course_kernel()
    {
        var folder = Path.Combine(Repo.Artifacts, "runner");
        var paths = new[] { "magics.ipynb", "failing.ipynb" }.Select(name =>
        {
            var path = Path.Combine(folder, name);
            Run(name).Executed.Save(path);
            return path;
        }).ToList();
        foreach (var path in paths)
        {
            var json = JsonNode.Parse(File.ReadAllText(path))!;
            Assert.Equal(4, json["nbformat"]!.GetValue<int>());
            Assert.Equal(5, json["nbformat_minor"]!.GetValue<int>());
            Assert.Equal(CourseKernelSpec.Name, json["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
            Assert.Equal("csharp", json["metadata"]!["language_info"]!["name"]!.GetValue<string>());
            Assert.All(json["cells"]!.AsArray(), c => Assert.False(string.IsNullOrEmpty(c!["id"]?.GetValue<string>())));
        }
        // The reference validator: Jupyter's own nbformat package (Debian python3-nbformat).
        var (exitCode, output) = Python.Run("import nbformat, sys\nfor p in sys.argv[1:]:\n    nbformat.validate(nbformat.read(p, as_version=nbformat.NO_CONVERT))\nprint('valid')", paths);
        Assert.True(exitCode == 0, output);
        Assert.Contains("valid", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_loop_that_checks_nothing_still_stops_at_the_timeout()
    {
        var result = Run("spin.ipynb", timeoutSeconds: 1);
        Assert.Equal(RunStatus.TimedOut, result.Status);
        Assert.True(result.Seconds < 5, $"the loop should stop within a second of the timeout; the run took {result.Seconds:0.0} s");
    }

    [Fact]
    public async Task A_flood_of_output_keeps_its_head_and_tail_and_the_error_after_it()
    {
        var result = await new NotebookRunner(new RunSettings(TimeSpan.FromMinutes(2), OutputLimits.Total(100)))
            .RunAsync(NotebookDocument.Load(Fixture("flood.ipynb")));
        Assert.Equal(RunStatus.Failed, result.Status);
        var outputs = Outputs(result, 1);
        var text = outputs[0]!["text"]!.GetValue<string>().Split('\n');
        Assert.Equal(102, text.Length); // 50 + the note + 50, and the empty piece after the last newline
        Assert.Equal("line 49", text[49]);
        Assert.Equal("… 199,900 lines omitted …", text[50]);
        Assert.Equal("line 199950", text[51]);
        Assert.Equal("line 199999", text[100]);
        Assert.Equal("error", outputs[1]!["output_type"]!.GetValue<string>());
        Assert.Contains("after the flood", outputs[1]!["evalue"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Running_each_cell_twice_finds_a_cell_that_is_not_safe_to_run_again()
    {
        var once = Run("rerun-unsafe.ipynb");
        Assert.Equal(RunStatus.Succeeded, once.Status);
        var twice = await new NotebookRunner(new RunSettings(TimeSpan.FromMinutes(2), OutputLimits.Default, RunEachCellTwice: true))
            .RunAsync(NotebookDocument.Load(Fixture("rerun-unsafe.ipynb")));
        Assert.Equal(RunStatus.Failed, twice.Status);
        Assert.Equal(2, twice.FailedCell!.Number);
        Assert.StartsWith("the cell fails when run a second time", twice.Error!.Message, StringComparison.Ordinal);
    }
}
