namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// The one piece of process-wide state a notebook run still needs: the working directory, which is the notebook's
/// folder while its cells run (relative paths in a chapter start there). Runs in one process take turns; everything
/// else a cell sees (display sink, cancellation, console, solutions) flows with the run itself, so code that runs
/// no notebook — parallel tests among it — is never affected.
/// </summary>
public sealed class NotebookHost : IDisposable
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);
    private readonly string previousDirectory;
    private bool disposed;

    private NotebookHost(string folder)
    {
        previousDirectory = Environment.CurrentDirectory;
        Environment.CurrentDirectory = folder;
    }

    /// <summary>Waits for any other notebook run in this process to finish, then makes <paramref name="folder"/> current.</summary>
    public static async Task<NotebookHost> EnterAsync(string folder, CancellationToken cancellation)
    {
        await OneAtATime.WaitAsync(cancellation).ConfigureAwait(false);
        try { return new NotebookHost(folder); }
        catch
        {
            OneAtATime.Release();
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Environment.CurrentDirectory = previousDirectory;
        OneAtATime.Release();
    }
}
