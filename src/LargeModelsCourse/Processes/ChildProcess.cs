using System.Diagnostics;
using System.Text;

namespace LargeModelsCourse.Processes;

/// <summary>What a child process did: its exit code and what it printed (each stream capped, see <see cref="ChildProcess"/>).</summary>
/// <param name="ExitCode">The exit code; -1 when it was killed for taking too long.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="TimedOut">True when the timeout ended it (its whole process tree was killed).</param>
internal sealed record ChildProcessResult(int ExitCode, string Output, string Error, bool TimedOut)
{
    /// <summary>True when it finished in time with exit code 0.</summary>
    public bool Ok => !TimedOut && ExitCode == 0;
}

/// <summary>
/// The one way the course runs a program to completion (npm, ldd, python, a child <c>course</c>): standard
/// output and error are read concurrently while it runs, so a child that fills one pipe never blocks on it;
/// a timeout or a cancellation (Interrupt) kills the whole process tree, so no grandchild is left behind.
/// </summary>
internal static class ChildProcess
{
    /// <summary>
    /// Characters kept of each stream: its first and last halves of this, with a note of what was left out
    /// between them, so a flood costs no memory while the end (a result line, the final error) is kept.
    /// </summary>
    public const int CaptureLimit = 1 << 20;

    /// <summary>Runs <paramref name="program"/> and waits for it, at most <paramref name="timeout"/>.</summary>
    /// <param name="program">The program (looked up on PATH).</param>
    /// <param name="arguments">Its arguments, passed as they are (no shell).</param>
    /// <param name="timeout">How long it may run; then its tree is killed and the result says <c>TimedOut</c>.</param>
    /// <param name="cancel">Stops it at once (the tree is killed) with <see cref="OperationCanceledException"/>.</param>
    /// <param name="workingDirectory">Where it runs; the current folder by default.</param>
    /// <param name="environment">Variables to set, or to remove (a null value).</param>
    /// <param name="captureLimit">Characters kept of each stream (<see cref="CaptureLimit"/> unless the caller needs all of it).</param>
    /// <exception cref="System.ComponentModel.Win32Exception">The program cannot be started (not installed).</exception>
    public static async Task<ChildProcessResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan timeout,
        CancellationToken cancel = default, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null,
        int captureLimit = CaptureLimit)
    {
        var start = new ProcessStartInfo(program)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new System.ComponentModel.Win32Exception($"could not start {program}");
        // Nothing is typed into it: a child that asks for input sees end-of-file instead of waiting forever.
        process.StandardInput.Close();
        var output = new BoundedText(captureLimit);
        var error = new BoundedText(captureLimit);
        var drains = Task.WhenAll(DrainAsync(process.StandardOutput, output), DrainAsync(process.StandardError, error));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            KillTree(process);
            if (cancel.IsCancellationRequested) throw;
            timedOut = true;
        }
        // The pipes close once every process holding them has ended; a grandchild that escaped the tree (it
        // detached itself) may hold them open, so what was read by then is what the result keeps.
        await Task.WhenAny(drains, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None)).ConfigureAwait(false);
        lock (output) lock (error)
            return new ChildProcessResult(timedOut ? -1 : process.ExitCode, output.ToString(), error.ToString(), timedOut);
    }

    /// <summary><see cref="RunAsync"/> for callers that block (the doctor, a data download in a cell).</summary>
    public static ChildProcessResult Run(string program, IEnumerable<string> arguments, TimeSpan timeout,
        CancellationToken cancel = default, string? workingDirectory = null, IReadOnlyDictionary<string, string?>? environment = null,
        int captureLimit = CaptureLimit) =>
        RunAsync(program, arguments, timeout, cancel, workingDirectory, environment, captureLimit).GetAwaiter().GetResult();

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }
    }

    private static async Task DrainAsync(StreamReader reader, BoundedText kept)
    {
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory()).ConfigureAwait(false)) > 0)
        {
            lock (kept) kept.Append(buffer.AsSpan(0, read));
        }
    }

    /// <summary>The head and the tail of a text of any length, in bounded memory.</summary>
    private sealed class BoundedText(int limit)
    {
        private readonly StringBuilder head = new();
        private readonly StringBuilder tail = new();
        private long dropped;

        public void Append(ReadOnlySpan<char> text)
        {
            var half = limit / 2;
            var toHead = Math.Min(half - head.Length, text.Length);
            if (toHead > 0)
            {
                head.Append(text[..toHead]);
                text = text[toHead..];
            }
            tail.Append(text);
            // Trimmed in large steps, so the copying stays linear in what was read.
            if (tail.Length > 2 * half)
            {
                var excess = tail.Length - half;
                tail.Remove(0, excess);
                dropped += excess;
            }
        }

        public override string ToString()
        {
            if (dropped == 0) return string.Concat(head.ToString(), tail.ToString());
            var half = limit / 2;
            var excess = Math.Max(0, tail.Length - half);
            var total = dropped + excess;
            return string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{head}\n… {total:N0} characters omitted …\n{tail.ToString(excess, tail.Length - excess)}");
        }
    }
}
