using System.Globalization;
using System.Text;
using LargeModelsCourse.Display;
using LargeModelsCourse.Plots;
using Plotly.NET;

namespace LargeModelsCourse.Training;

/// <summary>
/// Every epoch a <see cref="Trainer"/> ran, in order: the numbers to plot and to quote.
/// Shows itself as a table; <see cref="Chart"/> draws the loss and accuracy curves.
/// Taught in chapter 06 ("The training pipeline").
/// </summary>
public sealed class TrainingHistory : IMimeRenderable
{
    private readonly List<EpochRecord> epochs = [];

    /// <summary>The epochs, first to last.</summary>
    public IReadOnlyList<EpochRecord> Epochs => epochs;

    /// <summary>How many epochs ran.</summary>
    public int Count => epochs.Count;

    /// <summary>The last epoch.</summary>
    /// <exception cref="InvalidOperationException">No epoch has run yet.</exception>
    public EpochRecord Last => epochs.Count > 0 ? epochs[^1]
        : throw new InvalidOperationException("No epoch has run yet: call Fit first.");

    /// <summary>Training loss per epoch.</summary>
    public double[] TrainLosses => epochs.Select(e => e.TrainLoss).ToArray();

    /// <summary>Test loss per epoch (NaN where there was no test set).</summary>
    public double[] TestLosses => epochs.Select(e => e.TestLoss ?? double.NaN).ToArray();

    /// <summary>Training accuracy per epoch (NaN where there is none).</summary>
    public double[] TrainAccuracies => epochs.Select(e => e.TrainAccuracy ?? double.NaN).ToArray();

    /// <summary>Test accuracy per epoch (NaN where there is none).</summary>
    public double[] TestAccuracies => epochs.Select(e => e.TestAccuracy ?? double.NaN).ToArray();

    /// <summary>Validation loss per epoch (NaN where there was no validation set).</summary>
    public double[] ValidationLosses => epochs.Select(e => e.ValidationLoss ?? double.NaN).ToArray();

    /// <summary>Validation accuracy per epoch (NaN where there is none).</summary>
    public double[] ValidationAccuracies => epochs.Select(e => e.ValidationAccuracy ?? double.NaN).ToArray();

    /// <summary>
    /// The epoch with the lowest validation loss: the one to choose when the epoch count is a setting to tune.
    /// Selection looks at validation data only, so the test set stays unbiased. Taught in chapter 06.
    /// </summary>
    /// <exception cref="InvalidOperationException">No epoch measured a validation loss.</exception>
    public EpochRecord BestByValidation => epochs.Where(e => e.ValidationLoss is not null).MinBy(e => e.ValidationLoss!.Value)
        ?? throw new InvalidOperationException("No epoch has a validation loss: train with Fit(trainX, trainY, validation: (x, y), …).");

    internal void Add(EpochRecord record) => epochs.Add(record);

    /// <summary>
    /// Loss curves (training and test) beside accuracy curves, one point per epoch: the chart that shows
    /// whether a model is still learning or has begun to over-fit. Taught in chapter 06.
    /// </summary>
    /// <exception cref="InvalidOperationException">No epoch has run yet.</exception>
    public GenericChart Chart(string title = "Training history") => epochs.Count > 0
        ? HistoryChart.Build(epochs, title)
        : throw new InvalidOperationException("No epoch has run yet: call Fit first, then chart its history.");

    /// <inheritdoc/>
    public MimeBundle ToMimeBundle() => new MimeBundle()
        .With(MimeBundle.Html, HtmlTable(epochs))
        .With(MimeBundle.PlainText, TextTable(epochs));

    /// <inheritdoc/>
    public override string ToString() => TextTable(epochs);

    internal static string TextTable(IReadOnlyList<EpochRecord> epochs)
    {
        if (epochs.Count == 0) return "no epochs yet";
        var valid = HasValidation(epochs);
        var text = new StringBuilder(valid
            ? "epoch  train loss  train acc  valid loss  valid acc  seconds\n"
            : "epoch  train loss  train acc  test loss  test acc  seconds\n");
        foreach (var e in epochs)
        {
            var (heldLoss, heldAccuracy) = valid ? (e.ValidationLoss, e.ValidationAccuracy) : (e.TestLoss, e.TestAccuracy);
            text.Append(CultureInfo.InvariantCulture, $"{e.Epoch,5}  {e.TrainLoss,10:F4}  {Percent(e.TrainAccuracy),9}  ")
                .Append(CultureInfo.InvariantCulture, $"{(heldLoss is { } l ? l.ToString("F4", CultureInfo.InvariantCulture) : "–"),9}  ")
                .Append(CultureInfo.InvariantCulture, $"{Percent(heldAccuracy),8}  {e.Seconds,7:F1}\n");
        }
        return text.ToString().TrimEnd('\n');
    }

    internal static string HtmlTable(IReadOnlyList<EpochRecord> epochs)
    {
        if (epochs.Count == 0) return "<div class=\"lmc-history\"><i>no epochs yet</i></div>";
        var valid = HasValidation(epochs);
        var held = valid ? "validation" : "test";
        var html = new StringBuilder("<table class=\"lmc-history\" style=\"font-variant-numeric:tabular-nums\"><thead><tr>")
            .Append(CultureInfo.InvariantCulture, $"<th>epoch</th><th>train loss</th><th>train accuracy</th><th>{held} loss</th><th>{held} accuracy</th><th>seconds</th></tr></thead><tbody>");
        foreach (var e in epochs)
        {
            var (heldLoss, heldAccuracy) = valid ? (e.ValidationLoss, e.ValidationAccuracy) : (e.TestLoss, e.TestAccuracy);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{e.Epoch}</td><td>{e.TrainLoss:F4}</td><td>{Percent(e.TrainAccuracy)}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{(heldLoss is { } l ? l.ToString("F4", CultureInfo.InvariantCulture) : "–")}</td>")
                .Append(CultureInfo.InvariantCulture, $"<td>{Percent(heldAccuracy)}</td><td>{e.Seconds:F1}</td></tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    // A history shows validation columns when any epoch measured a validation set (the trainer measures one
    // held-out set per run: validation or test).
    private static bool HasValidation(IReadOnlyList<EpochRecord> epochs) => epochs.Any(e => e.ValidationLoss is not null);

    internal static string Percent(double? fraction) =>
        fraction is { } f ? (f * 100).ToString("F2", CultureInfo.InvariantCulture) + " %" : "–";
}
