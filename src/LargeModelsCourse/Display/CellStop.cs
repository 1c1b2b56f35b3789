namespace LargeModelsCourse.Display;

/// <summary>
/// How a host stops the cell it runs: <see cref="Interrupt"/> (the student's Interrupt button) or a final stop (a
/// time-out, the host's own Ctrl+C) given as a token. Library code that stops early on an interrupt and can return what
/// it has (<c>Trainer.Fit</c> returns the history so far) takes the interrupt back with <see cref="TryResume"/>: the
/// rest of the cell then runs on with a fresh <see cref="Token"/>, so the cell ends normally and its variables are kept,
/// and the next Interrupt stops it again. A final stop cannot be taken back: a run that timed out must not look finished.
/// </summary>
public sealed class CellStop : IDisposable
{
    private readonly Lock gate = new();
    private readonly CancellationToken final;
    // Every source made is kept until the cell ends: code of the cell may still hold an older token.
    private readonly List<CancellationTokenSource> sources = [];
    private CancellationTokenSource current;
    // Read from the token, never the source: a task the cell started may ask after the cell ended and its sources were disposed.
    private CancellationToken token;
    private TaskCompletionSource resumed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A stop for one cell; <paramref name="final"/> stops it for good (time-out, the host's stop).</summary>
    public CellStop(CancellationToken final = default)
    {
        this.final = final;
        current = CancellationTokenSource.CreateLinkedTokenSource(final);
        token = current.Token;
        sources.Add(current);
    }

    /// <summary>Cancelled when the cell is asked to stop; after <see cref="TryResume"/>, a fresh token.</summary>
    public CancellationToken Token
    {
        get { lock (gate) return token; }
    }

    /// <summary>The current token and a task that completes when that token's interrupt is taken back.</summary>
    public (CancellationToken Token, Task Resumed) Snapshot()
    {
        lock (gate) return (token, resumed.Task);
    }

    /// <summary>Asks the cell to stop (a kernel's interrupt_request).</summary>
    public void Interrupt()
    {
        CancellationTokenSource source;
        lock (gate) source = current;
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The cell has already ended: nothing left to stop.
        }
    }

    /// <summary>True when the cell was interrupted and not stopped for good, so an interrupt can be taken back.</summary>
    public bool CanResume
    {
        get { lock (gate) return token.IsCancellationRequested && !final.IsCancellationRequested; }
    }

    /// <summary>
    /// Takes an interrupt back: the rest of the cell runs on with a fresh token. False (and nothing changes) when the
    /// cell was not interrupted or was stopped for good; the caller then lets its <see cref="OperationCanceledException"/> go.
    /// </summary>
    public bool TryResume()
    {
        TaskCompletionSource done;
        lock (gate)
        {
            if (!token.IsCancellationRequested || final.IsCancellationRequested) return false;
            current = CancellationTokenSource.CreateLinkedTokenSource(final);
            token = current.Token;
            sources.Add(current);
            done = resumed;
            resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        done.TrySetResult();
        return true;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            foreach (var source in sources) source.Dispose();
            sources.Clear();
        }
    }
}
