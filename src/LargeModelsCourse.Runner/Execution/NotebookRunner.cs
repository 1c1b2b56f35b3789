using System.Diagnostics;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Exercises;
using LargeModelsCourse.Runner.Notebooks;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>How a notebook's run ended.</summary>
public enum RunStatus
{
    /// <summary>Every cell ran.</summary>
    Succeeded,
    /// <summary>A cell failed; later cells did not run.</summary>
    Failed,
    /// <summary>A cell ran longer than the per-cell timeout.</summary>
    TimedOut,
    /// <summary>The user interrupted the run (Ctrl+C).</summary>
    Cancelled,
}

/// <summary>The outcome of running one notebook.</summary>
public sealed record NotebookRunResult(
    NotebookDocument Notebook, ExecutedNotebook Executed, RunStatus Status, int CodeCells,
    NotebookCell? FailedCell, CellError? Error, double Seconds)
{
    /// <summary>"notebooks/x.ipynb, cell 5, line 3: Name: message" for a failure; null otherwise.</summary>
    public string? FailureMessage => Status switch
    {
        RunStatus.Succeeded => null,
        _ when FailedCell is null => $"{Notebook.Path}: {Error?.Message}",
        _ => $"{Notebook.Path}, cell {FailedCell.Number}{(Error?.Line is { } l ? $", line {l}" : "")}: {Error?.Name}: {Error?.Message}",
    };
}

/// <summary>
/// Runs a notebook headlessly with Polyglot's semantics: one script session, cells in order, the
/// notebook's folder as working directory, outputs recorded into an executed copy. Stops at the first
/// failing cell, keeping every output up to it.
/// </summary>
public sealed class NotebookRunner(TimeSpan cellTimeout)
{
    /// <summary>Raised before a code cell runs: the cell and the number of code cells.</summary>
    public event Action<NotebookDocument, NotebookCell, int>? CellStarting;

    /// <summary>Raised after a code cell ran: the cell and the seconds it took.</summary>
    public event Action<NotebookDocument, NotebookCell, double>? CellFinished;

    /// <summary>Runs <paramref name="notebook"/>; <paramref name="cancellation"/> is Ctrl+C.</summary>
    public async Task<NotebookRunResult> RunAsync(NotebookDocument notebook, CancellationToken cancellation = default)
    {
        var executed = new ExecutedNotebook(notebook);
        var recorder = new OutputRecorder();
        var codeCells = notebook.Cells.Count(c => c.IsCSharp);
        var folder = Path.GetDirectoryName(notebook.Path)!;
        var session = new ScriptSession(folder, BundledPackages.Shipped, notebook.Name);
        SolutionBook solutions;
        try { solutions = SolutionBook.ForFolder(folder); }
        catch (FormatException e)
        {
            var error = new CellError("SolutionsFileError", e.Message, null, [$"SolutionsFileError: {e.Message}"]);
            return new NotebookRunResult(notebook, new ExecutedNotebook(notebook), RunStatus.Failed, codeCells, null, error, 0);
        }
        session.Solutions = solutions;
        var previousDirectory = Environment.CurrentDirectory;
        var previousSink = Notebook.Sink;
        var clock = Stopwatch.StartNew();
        var count = 0;
        Environment.CurrentDirectory = folder;
        Notebook.Sink = recorder;
        var previousSolutions = Exercise.Solutions;
        Exercise.Solutions = solutions;
        // Executed copies become the book, where each exercise card carries its solution folded away.
        Exercise.ShowSolutionsInCards = true;
        PlotlyOutput.ResetLibraryEmbedding();
        try
        {
            // Code cells written in Markdown (a #!markdown magic) are prose: nothing to run.
            foreach (var cell in notebook.Cells.Where(c => c.CellType == "code" && c.Language != CellLanguage.Markdown))
            {
                if (!cell.IsCSharp)
                {
                    var error = new CellError("UnsupportedLanguage",
                        $"cell {cell.Number} is {cell.LanguageName}; the course's hosts run C# cells only (start the cell with #!csharp or change its kernel to C#)", 1, []);
                    var none = new JsonArray();
                    recorder.BeginCell(none);
                    executed.Record(cell, ++count, none, DateTimeOffset.Now, DateTimeOffset.Now);
                    return Fail(RunStatus.Failed, cell, error);
                }
                count++;
                CellStarting?.Invoke(notebook, cell, codeCells);
                var outputs = new JsonArray();
                recorder.BeginCell(outputs);
                var started = DateTimeOffset.Now;
                var cellClock = Stopwatch.StartNew();
                var (status, outcome) = await RunCellAsync(session, cell, recorder, cancellation).ConfigureAwait(false);
                executed.Record(cell, count, outputs, started, DateTimeOffset.Now);
                CellFinished?.Invoke(notebook, cell, cellClock.Elapsed.TotalSeconds);
                if (status != RunStatus.Succeeded)
                    return Fail(status, cell, outcome?.Error);
                if (outcome!.HasValue && outcome.Value is not DisplayedValue)
                    recorder.Result(count, Formatting.ToMimeBundle(outcome.Value));
            }
            return Done(RunStatus.Succeeded, null, null);
        }
        finally
        {
            Notebook.Sink = previousSink;
            Exercise.Solutions = previousSolutions;
            Exercise.ShowSolutionsInCards = false;
            Environment.CurrentDirectory = previousDirectory;
        }

        NotebookRunResult Fail(RunStatus status, NotebookCell cell, CellError? error)
        {
            // The recorder still writes into the failed cell's outputs: the error goes after what it showed.
            if (error is not null) recorder.Error(error);
            return Done(status, cell, error);
        }

        NotebookRunResult Done(RunStatus status, NotebookCell? cell, CellError? error)
        {
            executed.Seconds = clock.Elapsed.TotalSeconds;
            return new NotebookRunResult(notebook, executed, status, codeCells, cell, error, clock.Elapsed.TotalSeconds);
        }
    }

    private async Task<(RunStatus, CellOutcome?)> RunCellAsync(ScriptSession session, NotebookCell cell, OutputRecorder recorder, CancellationToken cancellation)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Notebook.Cancellation = interrupt.Token;
        try
        {
            return await RunCellCoreAsync(session, cell, recorder, interrupt, cancellation).ConfigureAwait(false);
        }
        finally
        {
            // A cancelled token must not outlive its cell: later cells and library loops would stop at once.
            Notebook.Cancellation = CancellationToken.None;
        }
    }

    private async Task<(RunStatus, CellOutcome?)> RunCellCoreAsync(ScriptSession session, NotebookCell cell, OutputRecorder recorder,
        CancellationTokenSource interrupt, CancellationToken cancellation)
    {
        using var capture = new ConsoleCapture(recorder.Stream);
        // The cell runs on its own thread so a timeout or Ctrl+C can end the run even if the cell never yields.
        var run = Task.Run(() => session.ExecuteAsync(cell.Source, cell.Number, interrupt.Token), CancellationToken.None);
        var timeout = Task.Delay(cellTimeout, cancellation);
        var first = await Task.WhenAny(run, timeout).ConfigureAwait(false);
        if (first == run)
        {
            var outcome = await run.ConfigureAwait(false);
            return (outcome.Succeeded ? RunStatus.Succeeded : cancellation.IsCancellationRequested ? RunStatus.Cancelled : RunStatus.Failed, outcome);
        }
        // Ask the cell to stop (library loops check Notebook.Cancellation), give it a moment, then leave it.
        await interrupt.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        if (cancellation.IsCancellationRequested)
            return (RunStatus.Cancelled, CellOutcome.Failure(new CellError("Interrupted", "the run was interrupted (Ctrl+C)", null, ["Interrupted: the run was interrupted (Ctrl+C)"])));
        var message = $"the cell ran longer than the per-cell timeout of {cellTimeout.TotalSeconds:0} s (raise it with --cell-timeout)";
        return (RunStatus.TimedOut, CellOutcome.Failure(new CellError("Timeout", message, null, [$"Timeout: {message}"])));
    }
}
