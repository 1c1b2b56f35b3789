namespace LargeModelsCourse.Display;

/// <summary>
/// The notebook functions every cell can call without qualification, as in Polyglot Notebooks:
/// <c>display(x)</c> shows a value and returns a handle whose <c>Update(y)</c> replaces it.
/// The course's hosts import this class statically; a file-based app gets the same import on export.
/// </summary>
public static class Notebook
{
    // Both flow with the code that runs a cell (AsyncLocal): a host sets them for its cells, and whatever the cells
    // start (tasks, threads, timers) inherits them, while other work in the same process (parallel tests, the
    // kernel's own loops) keeps its own. Without a host, output goes to the terminal.
    private static readonly IDisplaySink TerminalSink = new ConsoleDisplaySink();
    private static readonly AsyncLocal<IDisplaySink?> CurrentSink = new();
    private static readonly AsyncLocal<CancellationToken> CurrentCancellation = new();
    private static readonly AsyncLocal<CellStop?> CurrentStop = new();
    private static long counter;

    /// <summary>The active host's sink. Hosts set it before the first cell runs.</summary>
    public static IDisplaySink Sink
    {
        get => CurrentSink.Value ?? TerminalSink;
        set => CurrentSink.Value = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Cancelled when the host interrupts the running cell (Ctrl+C, a kernel interrupt, a cell timeout).
    /// Long loops in the library check it so a cell can be stopped cleanly.
    /// </summary>
    /// <remarks>Setting a token directly gives a stop that cannot be taken back (see <see cref="Stop"/>).</remarks>
    public static CancellationToken Cancellation
    {
        get => CurrentStop.Value?.Token ?? CurrentCancellation.Value;
        set
        {
            CurrentStop.Value = null;
            CurrentCancellation.Value = value;
        }
    }

    /// <summary>
    /// The host's stop for the running cell, when the host lets library code take an interrupt back
    /// (<see cref="TryResumeAfterInterrupt"/>); it then decides <see cref="Cancellation"/>.
    /// </summary>
    public static CellStop? Stop
    {
        get => CurrentStop.Value;
        set => CurrentStop.Value = value;
    }

    /// <summary>True when the running cell was interrupted (not timed out or stopped for good) and the interrupt can be taken back.</summary>
    public static bool CanResumeAfterInterrupt => CurrentStop.Value?.CanResume ?? false;

    /// <summary>
    /// Takes back an interrupt of the running cell, so the rest of the cell runs on and ends normally: for library calls
    /// that stop early and return what they have. False when there is nothing to take back (no interrupt, a time-out, or a
    /// host that gave only a token).
    /// </summary>
    public static bool TryResumeAfterInterrupt() => CurrentStop.Value?.TryResume() ?? false;

    /// <summary>Shows <paramref name="value"/> in every representation its formatters produce.</summary>
    /// <param name="value">What to show: a chart, a tensor, a table, any object.</param>
    /// <param name="mimeType">Show only this representation (plus plain text), as Polyglot's <c>display(x, "text/html")</c>.</param>
    // Lower-case on purpose: this is the Polyglot Notebooks name students know.
#pragma warning disable IDE1006
    public static DisplayedValue display(object? value, string? mimeType = null)
#pragma warning restore IDE1006
    {
        var bundle = Formatting.ToMimeBundle(value);
        if (mimeType is not null)
        {
            var only = new MimeBundle();
            if (bundle[mimeType] is { } chosen) only.With(mimeType, chosen.DeepClone());
            else only.With(mimeType, Formatting.ToMimeBundle(value, mimeType)[mimeType]!.DeepClone());
            if (mimeType != MimeBundle.PlainText) only.With(MimeBundle.PlainText, bundle.Text);
            bundle = only;
        }
        var id = NewDisplayId();
        Sink.Display(id, bundle);
        return new DisplayedValue(id, Sink);
    }

    /// <summary>Polyglot's extension form: <c>x.Display()</c>.</summary>
    public static DisplayedValue Display(this object? value, string? mimeType = null) => display(value, mimeType);

    /// <summary>Throws <see cref="OperationCanceledException"/> when the host asked the cell to stop.</summary>
    public static void ThrowIfCancelled() => Cancellation.ThrowIfCancellationRequested();

    private static string NewDisplayId() =>
        $"lmc-{Environment.ProcessId:x}-{Interlocked.Increment(ref counter):x}";
}
