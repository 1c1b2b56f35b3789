using System.Text;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// Sends <see cref="Console.Out"/> and <see cref="Console.Error"/> to the cell that writes them. One writer pair is
/// installed for the whole process (once); where each write goes is decided by the code that writes it: a host's
/// <see cref="Route"/> holds for the cells it runs and everything they start (tasks, threads, timers), because the
/// target flows with them (AsyncLocal), and every other writer — the host's own progress lines, tests running in
/// parallel — reaches the terminal as before. Writes are handed over as they come, whole strings, never one callback
/// per character: capture costs what the text costs.
/// </summary>
public static class ConsoleRouter
{
    private static readonly AsyncLocal<Action<string, string>?> Target = new();
    private static readonly Lock Gate = new();
    private static TextWriter? terminalOut;
    private static TextWriter? terminalError;

    /// <summary>The terminal's own standard output, for a host's progress messages while cells are captured.</summary>
    public static TextWriter Terminal
    {
        get { Install(); return terminalOut!; }
    }

    /// <summary>
    /// Until disposed, console text written by this flow (and what it starts) goes to <paramref name="onText"/> as
    /// (stream name, text), with "stdout" or "stderr" as the name.
    /// </summary>
    public static IDisposable Route(Action<string, string> onText)
    {
        Install();
        var previous = Target.Value;
        Target.Value = onText;
        return new Restore(previous);
    }

    /// <summary>
    /// Routes this flow's console text to <paramref name="onText"/> for the rest of the flow: for code that runs in a
    /// flow of its own (a cell's task), which ends with it.
    /// </summary>
    public static void RouteThisFlow(Action<string, string> onText)
    {
        Install();
        Target.Value = onText;
    }

    private static void Install()
    {
        lock (Gate)
        {
            if (terminalOut is not null) return;
            terminalOut = Console.Out;
            terminalError = Console.Error;
            Console.SetOut(new RoutingWriter("stdout", terminalOut));
            Console.SetError(new RoutingWriter("stderr", terminalError));
        }
    }

    private sealed class Restore(Action<string, string>? previous) : IDisposable
    {
        public void Dispose()
        {
            Console.Out.Flush();
            Console.Error.Flush();
            Target.Value = previous;
        }
    }

    /// <summary>A writer that sends each write to the routed target of the writing flow, or to the terminal.</summary>
    private sealed class RoutingWriter(string name, TextWriter terminal) : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            if (Target.Value is { } target) target(name, value.ToString());
            else terminal.Write(value);
        }

        public override void Write(string? value)
        {
            if (string.IsNullOrEmpty(value)) return;
            if (Target.Value is { } target) target(name, value);
            else terminal.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            if (count == 0) return;
            if (Target.Value is { } target) target(name, new string(buffer, index, count));
            else terminal.Write(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            if (buffer.IsEmpty) return;
            if (Target.Value is { } target) target(name, buffer.ToString());
            else terminal.Write(buffer);
        }

        // One hand-over per line, not two (text, then the newline).
        public override void WriteLine(string? value)
        {
            if (Target.Value is { } target) target(name, (value ?? "") + NewLine);
            else terminal.WriteLine(value);
        }

        public override void WriteLine(ReadOnlySpan<char> buffer)
        {
            if (Target.Value is { } target) target(name, string.Concat(buffer, NewLine));
            else terminal.WriteLine(buffer);
        }

        public override void Flush()
        {
            if (Target.Value is null) terminal.Flush();
        }
    }
}
