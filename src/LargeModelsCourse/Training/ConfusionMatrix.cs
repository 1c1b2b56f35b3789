using System.Globalization;
using System.Net;
using System.Text;
using LargeModelsCourse.Display;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.CSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;
using FSharpChart = Plotly.NET.Chart;

namespace LargeModelsCourse.Training;

/// <summary>
/// How often each true class was predicted as each class: row = true class, column = predicted class,
/// so the diagonal holds the correct predictions and everything else is a mistake of a particular kind.
/// Taught in chapter 06 ("The training pipeline").
/// </summary>
public sealed class ConfusionMatrix : IMimeRenderable
{
    private readonly long[,] counts;

    /// <summary>A matrix from counts already made (rows true, columns predicted).</summary>
    /// <param name="counts">A square matrix of non-negative counts.</param>
    /// <param name="labels">A name per class (default "0", "1", …).</param>
    public ConfusionMatrix(long[,] counts, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var k = counts.GetLength(0);
        if (counts.GetLength(1) != k)
            throw new ArgumentException($"A confusion matrix is square (one row and one column per class); this one is {k}×{counts.GetLength(1)}.", nameof(counts));
        for (var i = 0; i < k; i++)
            for (var j = 0; j < k; j++)
                if (counts[i, j] < 0) throw new ArgumentException($"Counts cannot be negative; counts[{i},{j}] is {counts[i, j]}.", nameof(counts));
        Labels = CheckLabels(labels, k);
        this.counts = (long[,])counts.Clone();
    }

    /// <summary>Counts the pairs (true class, predicted class).</summary>
    /// <param name="targets">The true class of each example, 0 … classes−1.</param>
    /// <param name="predictions">The predicted class of each example.</param>
    /// <param name="classes">How many classes (default: one more than the largest class seen).</param>
    /// <param name="labels">A name per class (default "0", "1", …).</param>
    public static ConfusionMatrix From(IReadOnlyList<long> targets, IReadOnlyList<long> predictions, int? classes = null, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(predictions);
        if (targets.Count != predictions.Count)
            throw new ArgumentException($"There are {targets.Count} targets but {predictions.Count} predictions: give one prediction per example.", nameof(predictions));
        var seen = (int)(targets.Concat(predictions).DefaultIfEmpty(-1).Max() + 1);
        var k = classes ?? Math.Max(seen, labels?.Count ?? 0);
        if (k < 1) throw new ArgumentException("A confusion matrix needs at least one class; give `classes` when there are no examples.", nameof(classes));
        CheckLabels(labels, k);
        var counts = new long[k, k];
        for (var i = 0; i < targets.Count; i++)
        {
            var (t, p) = (targets[i], predictions[i]);
            if (t < 0 || t >= k || p < 0 || p >= k)
                throw new ArgumentOutOfRangeException(nameof(targets), $"Example {i} has true class {t} and predicted class {p}, but classes run from 0 to {k - 1}.");
            counts[t, p]++;
        }
        return new ConfusionMatrix(counts, labels);
    }

    /// <summary>Number of classes.</summary>
    public int Classes => counts.GetLength(0);

    /// <summary>The class names, in class order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Examples counted.</summary>
    public long Total => Cells().Sum(c => c.Count);

    /// <summary>Examples whose true class is <paramref name="trueClass"/> and predicted class is <paramref name="predicted"/>.</summary>
    public long this[int trueClass, int predicted] => counts[trueClass, predicted];

    /// <summary>A copy of the counts, rows = true class, columns = predicted class.</summary>
    public long[,] Counts => (long[,])counts.Clone();

    /// <summary>Share of all examples on the diagonal.</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Enumerable.Range(0, Classes).Sum(i => counts[i, i]) / Total;

    /// <summary>
    /// For each true class, the share of its examples predicted correctly (its recall); NaN for a class
    /// with no examples.
    /// </summary>
    public double[] PerClassAccuracy => Enumerable.Range(0, Classes).Select(i =>
    {
        long row = 0;
        for (var j = 0; j < Classes; j++) row += counts[i, j];
        return row == 0 ? double.NaN : (double)counts[i, i] / row;
    }).ToArray();

    /// <summary>
    /// The off-diagonal cells with the most examples: which class is most often mistaken for which.
    /// Ties keep class order. Taught in chapter 06.
    /// </summary>
    /// <param name="top">How many pairs at most.</param>
    public IReadOnlyList<Confusion> MostConfused(int top = 5)
    {
        if (top < 0) throw new ArgumentOutOfRangeException(nameof(top), "top must be zero or more.");
        return Cells()
            .Where(c => c.True != c.Predicted && c.Count > 0)
            .OrderByDescending(c => c.Count).ThenBy(c => c.True).ThenBy(c => c.Predicted)
            .Take(top)
            .Select(c => new Confusion(c.True, c.Predicted, Labels[c.True], Labels[c.Predicted], c.Count,
                (double)c.Count / RowTotal(c.True)))
            .ToList();
    }

    /// <summary>
    /// The matrix as a heatmap with the count in each cell, true class down, predicted class across,
    /// darker for more. Taught in chapter 06.
    /// </summary>
    /// <param name="title">The chart's title.</param>
    /// <param name="errorsOnly">Leave the diagonal blank so the colour scale spans the mistakes alone: with
    /// a good model the correct counts are so much larger that every mistake would look alike.</param>
    public GenericChart Heatmap(string title = "Confusion matrix", bool errorsOnly = false)
    {
        var z = Enumerable.Range(0, Classes).Select(i => Enumerable.Range(0, Classes).Select(j => counts[i, j]).ToArray()).ToArray();
        var chart = CSharpChart.Heatmap<long, string, string, string>(z, X: Labels.ToArray(), Y: Labels.ToArray(), ReverseYAxis: true,
            // Plotly's named "Greens" runs from dark (low) to light (high); reversed, empty cells are pale and the counts stand out.
            ColorScale: StyleParam.Colorscale.Greens, ReverseScale: true);
        // Plotly.NET has no parameter for heatmap cell labels, and its z must be numbers, not blanks;
        // texttemplate and null cells are Plotly's own, set on the trace directly.
        chart = GenericChart.mapTrace(FSharpFunc<Trace, Trace>.FromConverter(trace =>
        {
            if (errorsOnly)
                trace.SetProperty("z", z.Select((row, i) => row.Select((count, j) => i == j ? null : (object)count).ToArray()).ToArray());
            trace.SetProperty("texttemplate", "%{z}");
            trace.SetProperty("hovertemplate", "true %{y}, predicted %{x}: %{z}<extra></extra>");
            return trace;
        }), chart);
        var size = Math.Clamp(60 * Classes + 160, 360, 720);
        chart = chart
            .WithXAxisStyle<string, string, string>(TitleText: "predicted class", CategoryOrder: StyleParam.CategoryOrder.Array, CategoryArray: Labels.ToArray())
            .WithYAxisStyle<string, string, string>(TitleText: "true class", CategoryOrder: StyleParam.CategoryOrder.Array, CategoryArray: Labels.ToArray())
            .WithSize(Width: size + 80, Height: size);
        return FSharpChart.withTitle(errorsOnly ? title + " (mistakes only)" : title, FSharpOption<Font>.None).Invoke(chart);
    }

    /// <inheritdoc/>
    public MimeBundle ToMimeBundle()
    {
        var html = new StringBuilder("<table class=\"lmc-confusion\" style=\"font-variant-numeric:tabular-nums;text-align:right\">")
            .Append("<caption style=\"caption-side:top;white-space:nowrap;text-align:left\">rows: true class · columns: predicted class</caption><thead><tr><th></th>");
        foreach (var l in Labels) html.Append("<th>").Append(WebUtility.HtmlEncode(l)).Append("</th>");
        html.Append("<th>accuracy</th></tr></thead><tbody>");
        var perClass = PerClassAccuracy;
        for (var i = 0; i < Classes; i++)
        {
            html.Append("<tr><th>").Append(WebUtility.HtmlEncode(Labels[i])).Append("</th>");
            for (var j = 0; j < Classes; j++)
            {
                var style = i == j ? " style=\"font-weight:bold\"" : counts[i, j] > 0 ? " style=\"color:#b00\"" : "";
                html.Append(CultureInfo.InvariantCulture, $"<td{style}>{counts[i, j]}</td>");
            }
            html.Append(CultureInfo.InvariantCulture, $"<td>{TrainingHistory.Percent(double.IsNaN(perClass[i]) ? null : perClass[i])}</td></tr>");
        }
        html.Append("</tbody></table>");
        return new MimeBundle().With(MimeBundle.Html, html.ToString()).With(MimeBundle.PlainText, ToString());
    }

    /// <summary>The counts as a text table.</summary>
    public override string ToString()
    {
        var width = Math.Max(Labels.Max(l => l.Length), Cells().Select(c => c.Count.ToString(CultureInfo.InvariantCulture).Length).DefaultIfEmpty(1).Max()) + 1;
        var text = new StringBuilder("true \\ predicted\n").Append(new string(' ', width));
        foreach (var l in Labels) text.Append(l.PadLeft(width));
        for (var i = 0; i < Classes; i++)
        {
            text.Append('\n').Append(Labels[i].PadLeft(width));
            for (var j = 0; j < Classes; j++) text.Append(counts[i, j].ToString(CultureInfo.InvariantCulture).PadLeft(width));
        }
        return text.ToString();
    }

    private long RowTotal(int i)
    {
        long row = 0;
        for (var j = 0; j < Classes; j++) row += counts[i, j];
        return row;
    }

    private IEnumerable<(int True, int Predicted, long Count)> Cells()
    {
        for (var i = 0; i < Classes; i++)
            for (var j = 0; j < Classes; j++)
                yield return (i, j, counts[i, j]);
    }

    private static IReadOnlyList<string> CheckLabels(IReadOnlyList<string>? labels, int k)
    {
        if (labels is null) return Enumerable.Range(0, k).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
        if (labels.Count != k) throw new ArgumentException($"There are {k} classes but {labels.Count} labels: give one label per class.", nameof(labels));
        return labels.ToArray();
    }
}

/// <summary>
/// One kind of mistake: examples of class <see cref="True"/> predicted as <see cref="Predicted"/>.
/// </summary>
/// <param name="True">The true class.</param>
/// <param name="Predicted">The class the model chose instead.</param>
/// <param name="TrueLabel">The true class's name.</param>
/// <param name="PredictedLabel">The predicted class's name.</param>
/// <param name="Count">How many examples.</param>
/// <param name="ShareOfClass">That count as a share of all examples of the true class.</param>
public sealed record Confusion(int True, int Predicted, string TrueLabel, string PredictedLabel, long Count, double ShareOfClass)
{
    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{TrueLabel} predicted as {PredictedLabel}: {Count} ({ShareOfClass * 100:F1} % of {TrueLabel})");
}
