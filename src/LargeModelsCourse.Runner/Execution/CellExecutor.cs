using LargeModelsCourse.Display;
using LargeModelsCourse.Exercises;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>How one cell's run ended.</summary>
public enum CellStatus
{
    /// <summary>The cell ran to its end.</summary>
    Succeeded,
    /// <summary>The cell threw, or did not compile.</summary>
    Failed,
    /// <summary>The cell ran longer than its time limit.</summary>
    TimedOut,
    /// <summary>The host interrupted it (Ctrl+C, a kernel interrupt).</summary>
    Interrupted,
}

/// <summary>What running one cell gave: how it ended, its outcome, and its value formatted for display (if it has one).</summary>
public sealed record CellRun(CellStatus Status, CellOutcome Outcome, MimeBundle? Result, bool StillRunning);

/// <summary>
/// The one engine under every host: runs a cell of a <see cref="ScriptSession"/> with the course's cell policy. The
/// cell runs on a thread of its own, so the host stays responsive; <see cref="Interrupt"/> or the time limit cancels
/// <see cref="Notebook.Cancellation"/> (the library's loops and, through <see cref="CellRewriter"/>, the cell's own
/// loops stop on it); after a grace period the host is told the cell did not stop. An interrupt can be taken back by
/// library code that returns what it has (<see cref="CellStop"/>, used by an interrupted training): the cell then runs on
/// and ends normally, so its variables are kept. The cell's value is formatted
/// here, so every host shows the same thing. <c>course run</c> and the Jupyter kernel are front ends over it.
/// </summary>
/// <param name="session">The script session whose cells this runs.</param>
/// <param name="console">Where the cell's console text goes: (stream name, text).</param>
public sealed class CellExecutor(ScriptSession session, Action<string, string> console)
{
    /// <summary>How long a cancelled cell may take to stop before the host is told it did not.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private CellStop? running;
    private int submissions;
    private string? libraryCarrier;

    /// <summary>The session whose cells this runs.</summary>
    public ScriptSession Session => session;

    /// <summary>
    /// Runs <paramref name="code"/> as cell <paramref name="number"/> (or the next submission number when null).
    /// </summary>
    /// <param name="code">The cell's C#.</param>
    /// <param name="number">The cell's number in error messages.</param>
    /// <param name="timeLimit">Cancel the cell after this long (null: no limit).</param>
    /// <param name="hostCancellation">The host's own stop (Ctrl+C): the cell is interrupted when it fires.</param>
    /// <param name="waitForStop">
    /// After an interrupt or time-out, wait for the cell to really end (the kernel reports busy until it has), calling
    /// <paramref name="notStopped"/> once the grace period is over; otherwise leave it after the grace period (a runner
    /// that is about to exit).
    /// </param>
    /// <param name="notStopped">Told when a cancelled cell is still running after <see cref="StopGrace"/>.</param>
    public async Task<CellRun> RunAsync(string code, int? number = null, TimeSpan? timeLimit = null,
        CancellationToken hostCancellation = default, bool waitForStop = false, Action? notStopped = null)
    {
        // The cell whose chart carried plotly.js runs again: its new outputs replace that chart (in a front end and in an
        // executed copy), so they must carry the library again. The reset holds for this cell's flow only.
        if (code == libraryCarrier) PlotlyOutput.ResetLibraryEmbedding();
        var claimedBefore = PlotlyOutput.LibraryEmbeddingClaimed;
        try
        {
            return await RunCellAsync(code, number, timeLimit, hostCancellation, waitForStop, notStopped).ConfigureAwait(false);
        }
        finally
        {
            if (!claimedBefore && PlotlyOutput.LibraryEmbeddingClaimed) libraryCarrier = code;
        }
    }

    private async Task<CellRun> RunCellAsync(string code, int? number, TimeSpan? timeLimit,
        CancellationToken hostCancellation, bool waitForStop, Action? notStopped)
    {
        // Two kinds of stop: Interrupt, which library code may take back and return what it has (Trainer.Fit), and a
        // final one (the time limit, the host's Ctrl+C), which it may not.
        using var final = CancellationTokenSource.CreateLinkedTokenSource(hostCancellation);
        using var stop = new CellStop(final.Token);
        lock (gate) running = stop;
        var cellNumber = number ?? Interlocked.Increment(ref submissions);
        try
        {
            // The cell's own flow carries its stop (Notebook.Stop is AsyncLocal): a cancelled token can never outlive
            // its cell and stop later cells.
            var run = Task.Run(() =>
            {
                ConsoleRouter.RouteThisFlow(console);
                Notebook.Stop = stop;
                return session.ExecuteAsync(code, cellNumber, stop.Token);
            }, CancellationToken.None);
            var limit = Task.Delay(timeLimit ?? Timeout.InfiniteTimeSpan, final.Token);
            var timedOut = false;
            while (true)
            {
                var (token, resumed) = stop.Snapshot();
                var interrupted = Task.Delay(Timeout.InfiniteTimeSpan, token);
                var first = await Task.WhenAny(run, limit, interrupted).ConfigureAwait(false);
                if (first == run) break;
                timedOut = first == limit && !limit.IsCanceled;
                if (first == limit) await final.CancelAsync().ConfigureAwait(false);
                var ended = await Task.WhenAny(run, resumed, Task.Delay(StopGrace, CancellationToken.None)).ConfigureAwait(false);
                // The cell took the interrupt back and runs on (an interrupted training returned its history): wait again.
                if (ended == resumed && !final.IsCancellationRequested) continue;
                if (ended != run && !run.IsCompleted)
                {
                    notStopped?.Invoke();
                    if (!waitForStop) return Abandoned(timedOut, hostCancellation.IsCancellationRequested, timeLimit);
                }
                break;
            }
            var outcome = await run.ConfigureAwait(false);
            if (timedOut && !outcome.Succeeded) return Abandoned(timedOut: true, false, timeLimit) with { StillRunning = false };
            if (!outcome.Succeeded)
                return new CellRun(stop.Token.IsCancellationRequested ? CellStatus.Interrupted : CellStatus.Failed, outcome, null, false);
            return Formatted(outcome);
        }
        finally
        {
            lock (gate) running = null;
        }
    }

    /// <summary>Cancels the running cell, if any (a kernel's interrupt_request).</summary>
    public void Interrupt()
    {
        lock (gate) running?.Interrupt();
    }

    private static CellRun Formatted(CellOutcome outcome)
    {
        if (!outcome.HasValue || outcome.Value is DisplayedValue or ExerciseResult or SolutionCard)
            return new CellRun(CellStatus.Succeeded, outcome, null, false);
        try
        {
            return new CellRun(CellStatus.Succeeded, outcome, Formatting.ToMimeBundle(outcome.Value), false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new CellRun(CellStatus.Failed, CellOutcome.Failure(ScriptSession.FromException(e, "")), null, false);
        }
    }

    private static CellRun Abandoned(bool timedOut, bool byHost, TimeSpan? timeLimit)
    {
        if (timedOut)
        {
            var message = $"the cell ran longer than the per-cell timeout of {timeLimit?.TotalSeconds:0} s (raise it with --cell-timeout)";
            return new CellRun(CellStatus.TimedOut, CellOutcome.Failure(new CellError("Timeout", message, null, [$"Timeout: {message}"])), null, true);
        }
        var text = byHost ? "the run was interrupted (Ctrl+C)" : "the cell was interrupted";
        return new CellRun(CellStatus.Interrupted, CellOutcome.Failure(new CellError("Interrupted", text, null, [$"Interrupted: {text}"])), null, true);
    }
}
