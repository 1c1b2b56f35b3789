using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.Kernel;

/// <summary>
/// Runs kernel_probe.py once: Jupyter's own client libraries (nbclient, jupyter_client, from Debian) drive
/// the course kernel through a kernelspec installed with --prefix and found through JUPYTER_PATH, exactly
/// as JupyterLab would. With the course's notebooks/00-start-here.ipynb present, nbclient runs it too.
/// </summary>
public sealed class JupyterClientProbe : IDisposable
{
    private readonly TemporaryKernelspec spec = new();

    /// <summary>Runs the probe (a few minutes at most: a kernel start, a restart, a notebook).</summary>
    public JupyterClientProbe()
    {
        if (!File.Exists(ExternalProcess.SystemPython))
            throw new InvalidOperationException($"{ExternalProcess.SystemPython} is missing: the kernel tests need Debian's python3 with python3-nbclient (run scripts/setup.sh)");
        var work = Path.Combine(spec.Prefix, "work");
        Directory.CreateDirectory(work);
        var startHere = Path.Combine(Repo.Notebooks, "00-start-here.ipynb");
        StartHereRan = File.Exists(startHere);
        var arguments = new List<string> { Path.Combine(Repo.Root, "tests", "LargeModelsCourse.Tests", "Kernel", "kernel_probe.py"), TemporaryKernelspec.Name, work };
        if (StartHereRan) arguments.Add(startHere);
        var (exitCode, stdout, stderr) = ExternalProcess.RunAsync(ExternalProcess.SystemPython, arguments, work, TimeSpan.FromMinutes(40),
            new Dictionary<string, string?>
            {
                ["JUPYTER_PATH"] = spec.JupyterPath,
                ["JUPYTER_RUNTIME_DIR"] = Path.Combine(spec.Prefix, "runtime"),
                ["PYTHONPATH"] = null,
                ["PYTHONHOME"] = null,
            }).GetAwaiter().GetResult();
        KernelLog = stderr;
        if (exitCode != 0) throw new InvalidOperationException($"kernel_probe.py failed with exit code {exitCode}:\n{stderr}\n{stdout}");
        var lastLine = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Results = JsonNode.Parse(lastLine)!.AsObject();
    }

    /// <summary>What the probe saw.</summary>
    public JsonObject Results { get; }

    /// <summary>The kernel's and the client's standard error.</summary>
    public string KernelLog { get; }

    /// <summary>Whether notebooks/00-start-here.ipynb existed and was run.</summary>
    public bool StartHereRan { get; }

    /// <inheritdoc/>
    public void Dispose() => spec.Dispose();
}

/// <summary>
/// The course kernel as Jupyter's reference client libraries see it. It runs alone, after the parallel tests: it
/// times Interrupt (idle within 2 s), which says nothing about the kernel while chapters train on both cores beside it.
/// </summary>
[Collection(SerialCollection.Name)]
public sealed class JupyterClientTests(JupyterClientProbe probe) : IClassFixture<JupyterClientProbe>
{
    private JsonObject R => probe.Results;

    private JsonArray SmallCellOutputs(int codeCell) => R["small"]![codeCell]!["outputs"]!.AsArray();

    [Fact]
    public void NbclientRunsCellsWithStreamsAndValues()
    {
        var outputs = SmallCellOutputs(0);
        Assert.Equal("stream", outputs[0]!["output_type"]!.GetValue<string>());
        Assert.Equal("hello from the course kernel\n", outputs[0]!["text"]!.GetValue<string>());
        Assert.Equal("execute_result", outputs[1]!["output_type"]!.GetValue<string>());
        Assert.Equal("42", outputs[1]!["data"]!["text/plain"]!.GetValue<string>());
        Assert.Equal(1, outputs[1]!["execution_count"]!.GetValue<int>());
    }

    [Fact]
    public void DisplayUpdatesReplaceTheOutputInPlace()
    {
        // nbclient applies update_display_data to the output with the same display_id: one output, the last value.
        var outputs = SmallCellOutputs(1);
        var display = Assert.Single(outputs);
        Assert.Equal("display_data", display!["output_type"]!.GetValue<string>());
        Assert.Equal("step 3", display["data"]!["text/plain"]!.GetValue<string>());
    }

    [Fact]
    public void ChartsCarryPlotlyJsonAndOfflineHtml()
    {
        var result = Assert.Single(SmallCellOutputs(2));
        var data = result!["data"]!.AsObject();
        var figure = data[MimeBundle.PlotlyJson]!;
        Assert.Equal("scatter", figure["data"]![0]!["type"]!.GetValue<string>());
        Assert.Equal([1.0, 4.0, 9.0], figure["data"]![0]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
        var html = data[MimeBundle.Html]!.GetValue<string>();
        // The first chart of a session carries plotly.js itself: no network needed to draw it.
        Assert.Contains("window.Plotly", html, StringComparison.Ordinal);
        Assert.True(html.Length > 1_000_000, $"the first chart's HTML should embed plotly.js inline, but it is {html.Length} characters");
    }

    [Fact]
    public void KeyResultsKeepTheirMachineReadableForm()
    {
        var display = Assert.Single(SmallCellOutputs(3));
        Assert.Equal("answer", display!["data"]![KeyResult.MimeType]!["key"]!.GetValue<string>());
        Assert.Equal(42.0, display["data"]![KeyResult.MimeType]!["value"]!.GetValue<double>());
    }

    [Fact]
    public void ErrorsNameTheCellLineAndStopTheRun()
    {
        var error = Assert.Single(SmallCellOutputs(4));
        Assert.Equal("error", error!["output_type"]!.GetValue<string>());
        Assert.Equal("InvalidOperationException", error["ename"]!.GetValue<string>());
        Assert.Equal("line 2: boom", error["evalue"]!.GetValue<string>());
        Assert.Contains("   at cell line 2", error["traceback"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("CellExecutionError", R["small_error"]!["type"]!.GetValue<string>());
        Assert.Empty(SmallCellOutputs(5));
    }

    [Fact]
    public void InterruptStopsACooperativeLoopAndKeepsTheSession()
    {
        var reply = R["interrupt"]!["reply"]!;
        Assert.Equal("error", reply["status"]!.GetValue<string>());
        Assert.Equal("OperationCanceledException", reply["ename"]!.GetValue<string>());
        // The check the kernel adds at the head of the loop's body (line 2) or the cell's own (line 3) stops it.
        Assert.Matches("^line [23]:", reply["evalue"]!.GetValue<string>());
        Assert.Equal("ok", R["after_interrupt"]!["reply"]!["status"]!.GetValue<string>());
        Assert.Equal(["1"], R["after_interrupt"]!["results"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void CompletionFindsEarlierCellsVariablesMembersAndStatics()
    {
        Assert.Equal(["learningRate"], Matches("complete_variable"));
        Assert.Equal(0, R["complete_variable"]!["cursor_start"]!.GetValue<int>());
        Assert.Equal(5, R["complete_variable"]!["cursor_end"]!.GetValue<int>());
        Assert.Contains("Count", Matches("complete_member"));
        Assert.Contains("Contains", Matches("complete_member"));
        Assert.All(Matches("complete_member"), m => Assert.StartsWith("Co", m, StringComparison.Ordinal));
        Assert.Equal(["Sqrt"], Matches("complete_static"));
        Assert.Contains("Select", Matches("complete_chain"));
        var types = R["complete_member"]!["metadata"]!["_jupyter_types_experimental"]!.AsArray();
        Assert.Equal("property", types.Single(t => t!["text"]!.GetValue<string>() == "Count")!["type"]!.GetValue<string>());
    }

    [Fact]
    public void InspectionShowsSignaturesAndDocumentation()
    {
        Assert.Equal("static double Math.Sqrt(double d)\n\nReturns the square root of a specified number.", Inspected("inspect_method"));
        var display = Inspected("inspect_display");
        Assert.StartsWith("static DisplayedValue Notebook.display(object? value, string? mimeType = null)", display, StringComparison.Ordinal);
        Assert.Contains("Shows value in every representation", display, StringComparison.Ordinal);
        Assert.Equal("(variable) double learningRate = 0.1", Inspected("inspect_variable"));
    }

    [Fact]
    public void IsCompleteTellsFrontEndsWhetherEnterRunsTheCode()
    {
        var replies = R["is_complete"]!;
        Assert.Equal("incomplete", replies["open_brace"]!["status"]!.GetValue<string>());
        Assert.Equal("    ", replies["open_brace"]!["indent"]!.GetValue<string>());
        Assert.Equal("complete", replies["statement"]!["status"]!.GetValue<string>());
        Assert.Equal("invalid", replies["invalid"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public void SilentExecutionBroadcastsOnlyStatusAndDoesNotCount()
    {
        var silent = R["silent"]!;
        Assert.Equal(["status", "status"], silent["messages"]!.AsArray().Select(m => m!.GetValue<string>()));
        Assert.Equal("ok", silent["reply_status"]!.GetValue<string>());
        Assert.Equal(silent["count_before"]!.GetValue<int>() + 1, silent["next_count"]!.GetValue<int>());
        Assert.Equal(["6"], silent["next_result"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void ConsoleReadLineAsksTheFrontEnd()
    {
        var streams = R["stdin"]!.AsArray();
        Assert.Equal("hello Ada\n", string.Concat(streams.Select(s => s!["text"]!.GetValue<string>())));
    }

    [Fact]
    public void CommInfoAndHistoryAnswerEmpty()
    {
        Assert.Empty(R["comm_info"]!["comms"]!.AsObject());
        Assert.Empty(R["history"]!["history"]!.AsArray());
    }

    [Fact]
    public void A_flood_of_output_arrives_in_batches_with_its_head_tail_and_the_error_after_it()
    {
        var flood = R["flood"]!;
        // 200,000 lines in a few tens of messages (one per flush), not one per write.
        Assert.InRange(flood["stream_messages"]!.GetValue<int>(), 2, 400);
        Assert.Equal(2001, flood["lines"]!.GetValue<int>()); // 1,000 + the note + 1,000
        Assert.Equal("line 0", flood["first"]!.GetValue<string>());
        Assert.Equal("line 199999", flood["last"]!.GetValue<string>());
        Assert.Equal(["… 198,000 lines omitted …"], flood["note"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["line 2: after the flood"], flood["error"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("error", flood["reply"]!.GetValue<string>());
    }

    [Fact]
    public void InterruptStopsALoopThatChecksNothingWithinTwoSeconds()
    {
        var spin = R["uncooperative"]!;
        Assert.Contains("spinning", string.Concat(spin["texts"]!.AsArray().Select(t => t!.GetValue<string>())), StringComparison.Ordinal);
        Assert.Equal("OperationCanceledException", spin["reply"]!["ename"]!.GetValue<string>());
        var idleAfter = spin["idle_after"]!.GetValue<double>();
        Assert.True(idleAfter < 2.0, $"the kernel went idle {idleAfter:0.00} s after the interrupt; a student expects about a second");
        Assert.Equal(["10"], spin["next"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    [Fact]
    public void ACallThatCannotBeInterruptedIsExplained()
    {
        var text = string.Concat(R["blocked"]!["texts"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Contains("The cell has not stopped 5 s after the interrupt", text, StringComparison.Ordinal);
        Assert.Contains("restart the kernel", text, StringComparison.Ordinal);
        // The kernel stayed busy until the call returned; the cell then ended as a normal one.
        Assert.Equal("ok", R["blocked"]!["reply"]!["status"]!.GetValue<string>());
    }

    [Fact]
    public void RestartStartsAFreshSessionAndShutdownEndsTheKernel()
    {
        var restart = R["restart"]!;
        Assert.True(restart["new_process"]!.GetValue<bool>());
        Assert.Equal("error", restart["old_variable"]!["status"]!.GetValue<string>());
        Assert.Contains("CS0103", restart["old_variable"]!["evalue"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(["3"], restart["fresh"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.False(R["shutdown"]!["alive"]!.GetValue<bool>());
    }

    [Fact]
    public void TheCourseStartHereNotebookRunsInTheKernel()
    {
        if (!probe.StartHereRan)
        {
            // Nothing to run until the chapter exists; the small chapter above covers the kernel itself.
            Assert.False(File.Exists(Path.Combine(Repo.Notebooks, "00-start-here.ipynb")));
            return;
        }
        var result = R["notebooks"]!["00-start-here.ipynb"]!;
        Assert.True(result["error"] is null, $"nbclient stopped: {result["error"]}");
        Assert.Equal(result["code_cells"]!.GetValue<int>(), result["executed"]!.GetValue<int>());
        Assert.DoesNotContain("error", result["output_types"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    private string[] Matches(string key) => R[key]!["matches"]!.AsArray().Select(m => m!.GetValue<string>()).ToArray();

    private string Inspected(string key)
    {
        Assert.True(R[key]!["found"]!.GetValue<bool>(), $"{key}: nothing found");
        return R[key]!["data"]!["text/plain"]!.GetValue<string>();
    }
}
