using System.Text;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// How much of one stream output a host keeps: the first <see cref="HeadLines"/> lines and the last
/// <see cref="TailLines"/>, with a visible "… N lines omitted …" line between them. A student printing the loss at
/// every step gets the start and the end of it, and an error after a flood of output is never lost.
/// </summary>
/// <param name="HeadLines">Lines kept from the start.</param>
/// <param name="TailLines">Lines kept from the end.</param>
public sealed record OutputLimits(int HeadLines, int TailLines)
{
    /// <summary>The environment variable that sets the total number of lines kept per output, for hosts without options.</summary>
    public const string EnvironmentVariable = "COURSE_MAX_OUTPUT_LINES";

    /// <summary>1,000 lines from the start and 1,000 from the end of each output.</summary>
    public static OutputLimits Default { get; } = new(1000, 1000);

    /// <summary>Keeps <paramref name="lines"/> lines in all, half from the start and half from the end.</summary>
    public static OutputLimits Total(int lines)
    {
        if (lines < 2) throw new ArgumentOutOfRangeException(nameof(lines), lines, "keep at least 2 lines of an output (one from its start, one from its end)");
        return new OutputLimits(lines / 2, lines - lines / 2);
    }

    /// <summary>The limits <see cref="EnvironmentVariable"/> sets, or <see cref="Default"/>.</summary>
    public static OutputLimits FromEnvironment() =>
        int.TryParse(Environment.GetEnvironmentVariable(EnvironmentVariable), out var lines) && lines >= 2 ? Total(lines) : Default;

    /// <summary>The line that stands for what was left out.</summary>
    public static string OmittedNote(long lines) => $"… {lines:N0} lines omitted …\n";
}

/// <summary>
/// Console text of one output, appended in pieces of any size at linear cost, bounded by <see cref="OutputLimits"/>:
/// the head is kept as it comes, then whole lines go through a ring that holds the tail.
/// </summary>
public sealed class BoundedText(OutputLimits limits)
{
    private readonly StringBuilder head = new();
    private readonly Queue<string> tail = new();
    private readonly StringBuilder partial = new();
    private int headLines;
    private long omitted;

    /// <summary>Lines dropped from the middle so far.</summary>
    public long OmittedLines => omitted;

    /// <summary>Adds <paramref name="text"/>.</summary>
    public void Append(string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var newline = text.IndexOf('\n', start);
            var end = newline < 0 ? text.Length : newline + 1;
            if (headLines < limits.HeadLines)
            {
                head.Append(text, start, end - start);
                if (newline >= 0) headLines++;
            }
            else
            {
                partial.Append(text, start, end - start);
                if (newline >= 0)
                {
                    tail.Enqueue(partial.ToString());
                    partial.Clear();
                    if (tail.Count > limits.TailLines)
                    {
                        tail.Dequeue();
                        omitted++;
                    }
                }
            }
            start = end;
        }
    }

    /// <summary>The text kept: head, the omitted note when lines were dropped, tail.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(head.Length + partial.Length + tail.Sum(l => l.Length) + 64).Append(head);
        if (omitted > 0) text.Append(OutputLimits.OmittedNote(omitted));
        foreach (var line in tail) text.Append(line);
        return text.Append(partial).ToString();
    }
}
