using System.Globalization;

namespace LargeModelsCourse.Runner.Kernel;

/// <summary>
/// Logs refused messages (bad signatures, replays, unreadable frames) without letting a flood of them fill
/// the disk or drown the log: the first <see cref="Burst"/> in each window are written in full, the rest
/// are counted and summed up in one line once the window has passed.
/// </summary>
internal sealed class RefusalLog(TextWriter log, TimeProvider clock)
{
    /// <summary>Refusals written in full per window.</summary>
    public const int Burst = 10;

    /// <summary>The window's length.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock gate = new();
    private DateTimeOffset windowStart = clock.GetUtcNow();
    private int written;
    private long suppressed;

    /// <summary>Records one refusal; <paramref name="line"/> is written unless this window's burst is spent.</summary>
    public void Refused(string line)
    {
        lock (gate)
        {
            var now = clock.GetUtcNow();
            if (now - windowStart >= Window)
            {
                Flush();
                windowStart = now;
                written = 0;
            }
            if (written < Burst)
            {
                written++;
                log.WriteLine(line);
                if (written == Burst) log.WriteLine($"course kernel: {Burst} messages refused within {Window.TotalSeconds:0} s; further refusals are counted, not logged, until the minute is over.");
            }
            else
            {
                suppressed++;
            }
        }
    }

    /// <summary>Writes how many refusals went unlogged, if any (also called when the kernel stops).</summary>
    public void Flush()
    {
        lock (gate)
        {
            if (suppressed == 0) return;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"course kernel: {suppressed} more refused message(s) were not logged."));
            suppressed = 0;
        }
    }
}
