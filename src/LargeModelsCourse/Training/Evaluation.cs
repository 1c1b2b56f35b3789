using System.Globalization;
using System.Net;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Training;

/// <summary>
/// What a model does on a data set it is not trained on: its mean loss, and for classifiers its
/// accuracy, its prediction for every example and the confusion matrix. Step 7 of the training
/// pipeline, taught in chapter 06.
/// </summary>
public sealed class Evaluation : IMimeRenderable
{
    internal Evaluation(long count, double meanLoss, long? correct, long[]? predictions, long[]? targets, ConfusionMatrix? confusion)
    {
        Count = count;
        MeanLoss = meanLoss;
        CorrectCount = correct;
        Accuracy = correct is { } c && count > 0 ? (double)c / count : null;
        Predictions = predictions;
        Targets = targets;
        Confusion = confusion;
    }

    /// <summary>Examples evaluated.</summary>
    public long Count { get; }

    /// <summary>The loss function's value averaged over every example.</summary>
    public double MeanLoss { get; }

    /// <summary>Examples predicted correctly; null when the task has no accuracy (a regression).</summary>
    public long? CorrectCount { get; }

    /// <summary>Share of examples predicted correctly; null when the task has no accuracy (a regression).</summary>
    public double? Accuracy { get; }

    /// <summary>The predicted class of each example, in data order (classifiers with class-index targets).</summary>
    public long[]? Predictions { get; }

    /// <summary>The true class of each example, in data order (classifiers with class-index targets).</summary>
    public long[]? Targets { get; }

    /// <summary>Counts of (true class, predicted class) pairs (classifiers with class-index targets).</summary>
    public ConfusionMatrix? Confusion { get; }

    /// <summary>Indices of the examples predicted wrongly, in data order (empty when there are no predictions).</summary>
    public int[] Misclassified => Predictions is null || Targets is null ? []
        : Enumerable.Range(0, Predictions.Length).Where(i => Predictions[i] != Targets[i]).ToArray();

    /// <inheritdoc/>
    public MimeBundle ToMimeBundle() => new MimeBundle()
        .With(MimeBundle.Html, $"<div class=\"lmc-evaluation\">{WebUtility.HtmlEncode(ToString())}</div>")
        .With(MimeBundle.PlainText, ToString());

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Count:N0} examples · mean loss {MeanLoss:F4}") +
        (Accuracy is { } a ? string.Create(CultureInfo.InvariantCulture, $" · accuracy {a * 100:F2} % ({CorrectCount:N0} correct)") : "");
}
