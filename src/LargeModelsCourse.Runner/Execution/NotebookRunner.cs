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

/// <summary>What a run of notebooks may change from the defaults.</summary>
/// <param name="CellTimeout">How long one cell may run.</param>
/// <param name="Limits">How much of each stream output is kept.</param>
/// <param name="RunEachCellTwice">
/// Run every code cell twice in a row, as a student re-running cells does; the second run's outputs are kept. A cell
/// that fails the second time is reported as not safe to run again.
/// </param>
/// <param name="RerunCellsUnder">
/// With <paramref name="RunEachCellTwice"/>, run a cell again only when its first run took less than this; null
/// re-runs every cell. CI uses it to check every chapter's quick cells on each run without doubling the trainings.
/// </param>
public sealed record RunSettings(TimeSpan CellTimeout, OutputLimits Limits, bool RunEachCellTwice = false, TimeSpan? RerunCellsUnder = null)
{
    /// <summary>The defaults with a cell timeout.</summary>
    public RunSettings(TimeSpan cellTimeout) : this(cellTimeout, OutputLimits.Default)
    {
    }
}

/// <summary>
/// Runs a notebook headlessly with Polyglot's semantics: one script session, cells in order, the
/// notebook's folder as working directory, outputs recorded into an executed copy. Stops at the first
/// failing cell, keeping every output up to it. A front end over <see cref="CellExecutor"/>.
/// </summary>
public sealed class NotebookRunner(RunSettings settings)
{
    /// <summary>A runner with the default settings and a per-cell timeout.</summary>
    public NotebookRunner(TimeSpan cellTimeout) : this(new RunSettings(cellTimeout))
    {
    }

    /// <summary>Raised before a code cell runs: the cell and the number of code cells.</summary>
    public event Action<NotebookDocument, NotebookCell, int>? CellStarting;

    /// <summary>Raised after a code cell ran: the cell and the seconds it took.</summary>
    public event Action<NotebookDocument, NotebookCell, double>? CellFinished;

    /// <summary>Runs <paramref name="notebook"/>; <paramref name="cancellation"/> is Ctrl+C.</summary>
    public async Task<NotebookRunResult> RunAsync(NotebookDocument notebook, CancellationToken cancellation = default)
    {
        var executed = new ExecutedNotebook(notebook);
        var codeCells = notebook.Cells.Count(c => c.IsCSharp);
        var folder = Path.GetDirectoryName(notebook.Path)!;
        SolutionBook solutions;
        try { solutions = SolutionBook.ForFolder(folder); }
        catch (FormatException e)
        {
            var error = new CellError("SolutionsFileError", e.Message, null, [$"SolutionsFileError: {e.Message}"]);
            return new NotebookRunResult(notebook, executed, RunStatus.Failed, codeCells, null, error, 0);
        }
        var recorder = new OutputRecorder(settings.Limits);
        var session = new ScriptSession(folder, BundledPackages.Shipped, notebook.Name) { Solutions = solutions };
        var executor = new CellExecutor(session, recorder.Stream);
        using var host = await NotebookHost.EnterAsync(folder, cancellation).ConfigureAwait(false);
        // This flow and the cells it runs see the recorder, the chapter's solutions, and cards that carry their
        // solutions folded (executed copies become the book).
        Notebook.Sink = recorder;
        Exercise.Solutions = solutions;
        Exercise.ShowSolutionsInCards = true;
        Exercise.BeginSession();
        PlotlyOutput.ResetLibraryEmbedding();
        var clock = Stopwatch.StartNew();
        var count = 0;
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
            var started = DateTimeOffset.Now;
            var cellClock = Stopwatch.StartNew();
            var outputs = new JsonArray();
            recorder.BeginCell(outputs);
            var run = await executor.RunAsync(cell.Source, cell.Number, settings.CellTimeout, cancellation).ConfigureAwait(false);
            if (run.Status == CellStatus.Succeeded && settings.RunEachCellTwice
                && (settings.RerunCellsUnder is not { } under || cellClock.Elapsed < under))
            {
                outputs = [];
                recorder.BeginCell(outputs);
                run = await executor.RunAsync(cell.Source, cell.Number, settings.CellTimeout, cancellation).ConfigureAwait(false);
                if (run.Status == CellStatus.Failed)
                    run = run with { Outcome = CellOutcome.Failure(run.Outcome.Error! with { Message = $"the cell fails when run a second time: {run.Outcome.Error!.Message}" }) };
            }
            if (run.Result is not null) recorder.Result(count, run.Result);
            recorder.EndCell();
            executed.Record(cell, count, outputs, started, DateTimeOffset.Now);
            CellFinished?.Invoke(notebook, cell, cellClock.Elapsed.TotalSeconds);
            if (run.Status != CellStatus.Succeeded)
                return Fail(run.Status switch
                {
                    CellStatus.TimedOut => RunStatus.TimedOut,
                    CellStatus.Interrupted when cancellation.IsCancellationRequested => RunStatus.Cancelled,
                    _ => RunStatus.Failed,
                }, cell, run.Outcome.Error);
        }
        return Done(RunStatus.Succeeded, null, null);

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
}
