using System.Diagnostics;
using System.Globalization;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Efficiency;

/// <summary>How long one call took, over several timed repeats.</summary>
/// <param name="Name">What was timed.</param>
/// <param name="MedianMilliseconds">The median of the repeats: robust to a stray slow run.</param>
/// <param name="MinMilliseconds">The fastest repeat: closest to the machine's best.</param>
/// <param name="Repeats">How many timed repeats.</param>
public sealed record LatencyResult(string Name, double MedianMilliseconds, double MinMilliseconds, int Repeats) : IMimeRenderable
{
    /// <inheritdoc/>
    public MimeBundle ToMimeBundle() => Formatting.Text(ToString());

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Name}: median {MedianMilliseconds:F2} ms, fastest {MinMilliseconds:F2} ms over {Repeats} runs");
}

/// <summary>
/// Times a piece of work the way benchmarks should: a few untimed warm-up calls (first calls allocate and load code),
/// then several timed repeats, reporting the median and the fastest. Numbers depend on the machine and on what else
/// it is doing: compare variants timed in the same sitting, never against figures from elsewhere. Taught in chapter 10.
/// </summary>
public static class Latency
{
    /// <summary>Times <paramref name="work"/>. Taught in chapter 10.</summary>
    /// <param name="name">What is timed.</param>
    /// <param name="work">The call to time.</param>
    /// <param name="repeats">Timed calls (at least 1).</param>
    /// <param name="warmup">Untimed calls first.</param>
    public static LatencyResult Measure(string name, Action work, int repeats = 20, int warmup = 3)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (repeats < 1) throw new ArgumentOutOfRangeException(nameof(repeats), repeats, "Time the work at least once.");
        if (warmup < 0) throw new ArgumentOutOfRangeException(nameof(warmup), warmup, "Warm-up calls cannot be negative.");
        for (var i = 0; i < warmup; i++)
        {
            Notebook.ThrowIfCancelled();
            work();
        }
        var times = new double[repeats];
        for (var i = 0; i < repeats; i++)
        {
            Notebook.ThrowIfCancelled();
            var clock = Stopwatch.StartNew();
            work();
            times[i] = clock.Elapsed.TotalMilliseconds;
        }
        return Summarize(name, times);
    }

    /// <summary>
    /// The median and the fastest of timings already taken, as <see cref="Measure"/> reports them: for an even count
    /// the median is the mean of the two middle values. Taught in chapter 10.
    /// </summary>
    /// <param name="name">What was timed.</param>
    /// <param name="milliseconds">One duration per repeat, in any order (at least one, none negative or NaN).</param>
    public static LatencyResult Summarize(string name, IReadOnlyCollection<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        if (milliseconds.Count == 0) throw new ArgumentException("Give at least one timing.", nameof(milliseconds));
        if (milliseconds.Any(t => !(t >= 0)))
            throw new ArgumentException("A timing must be a duration of 0 ms or more.", nameof(milliseconds));
        var times = milliseconds.Order().ToArray();
        var n = times.Length;
        var median = n % 2 == 1 ? times[n / 2] : (times[n / 2 - 1] + times[n / 2]) / 2;
        return new LatencyResult(name, median, times[0], n);
    }
}
