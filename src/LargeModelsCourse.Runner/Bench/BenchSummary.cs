using System.Text.Json.Nodes;

namespace LargeModelsCourse.Runner.Bench;

/// <summary>One loop's timed epochs on one workload, summarized as the PyTorch reference summarizes its own.</summary>
/// <param name="Bench">The workload's name.</param>
/// <param name="Loop">trainer, plain or plain-bare.</param>
/// <param name="Images">Images per epoch.</param>
/// <param name="Seconds">Each timed epoch's wall time, in run order.</param>
/// <param name="CpuSeconds">Each timed epoch's process CPU time, in run order.</param>
internal sealed record BenchSummary(string Bench, string Loop, long Images, double[] Seconds, double[] CpuSeconds)
{
    /// <summary>The median epoch time.</summary>
    public double Median => MedianOf(Seconds);

    /// <summary>The median CPU time per epoch.</summary>
    public double CpuMedian => MedianOf(CpuSeconds);

    /// <summary>The median of <paramref name="values"/> (NaN when there are none); the start-up bench uses it too.</summary>
    internal static double MedianOf(double[] values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>The fastest epoch (the least disturbed by other load).</summary>
    public double Min => Seconds.Length == 0 ? double.NaN : Seconds.Min();

    /// <summary>The summary line (the reference's field names, plus the loop).</summary>
    public JsonObject ToJson(bool quick) => new()
    {
        ["bench"] = Bench,
        ["mode"] = "random",
        ["loop"] = Loop,
        ["summary"] = true,
        ["epochs"] = Seconds.Length,
        ["seconds_per_epoch_median"] = Math.Round(Median, 4),
        ["seconds_per_epoch_min"] = Math.Round(Min, 4),
        ["seconds_per_epoch_all"] = new JsonArray(Seconds.Select(s => (JsonNode?)JsonValue.Create(Math.Round(s, 4))).ToArray()),
        ["cpu_seconds_per_epoch_median"] = Math.Round(CpuMedian, 3),
        ["images_per_epoch"] = Images,
        ["quick"] = quick,
    };

    /// <summary>How much slower <paramref name="a"/> is than <paramref name="b"/>, in percent.</summary>
    public static double Percent(double a, double b) => (a / b - 1) * 100;

    /// <summary>
    /// The overhead of <paramref name="a"/> over <paramref name="b"/> in each repeat, in percent: repeat k of the
    /// two loops ran back to back, so each pair saw the same machine.
    /// </summary>
    public static double[] PairedPercents(BenchSummary a, BenchSummary b) =>
        a.Seconds.Zip(b.Seconds, Percent).ToArray();

    /// <summary>
    /// The median of the paired overheads: the estimate the budget is judged on. On a shared 2-core host an
    /// epoch's time drifts by 10–20 % within minutes, far more than the few percent being measured; the
    /// ratio of two epochs run back to back cancels that drift, where a ratio of two medians does not.
    /// </summary>
    public static double PairedMedianPercent(BenchSummary a, BenchSummary b) => MedianOf(PairedPercents(a, b));

    /// <summary>The trainer's overhead over the plain loop, paired, by median and by minimum, against the budget.</summary>
    public static JsonObject Comparison(BenchSummary trainer, BenchSummary plain, bool quick)
    {
        var pairs = PairedPercents(trainer, plain);
        var paired = MedianOf(pairs);
        var record = new JsonObject
        {
            ["bench"] = trainer.Bench,
            ["comparison"] = "trainer_vs_plain",
            ["overhead_paired_median_pct"] = Math.Round(paired, 2),
            ["overhead_pairs_pct"] = new JsonArray(pairs.Select(p => (JsonNode?)JsonValue.Create(Math.Round(p, 2))).ToArray()),
            ["overhead_median_pct"] = Math.Round(Percent(trainer.Median, plain.Median), 2),
            ["overhead_min_pct"] = Math.Round(Percent(trainer.Min, plain.Min), 2),
            ["cpu_overhead_median_pct"] = Math.Round(Percent(trainer.CpuMedian, plain.CpuMedian), 2),
            ["budget_pct"] = BenchSettings.OverheadBudgetPercent,
            ["within_budget"] = paired <= BenchSettings.OverheadBudgetPercent,
            ["quick"] = quick,
        };
        if (quick) record["note"] = "smoke run on a tenth of the data: not a measurement";
        return record;
    }
}
