using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Plots;

namespace LargeModelsCourse.Training;

/// <summary>How a training run stands.</summary>
public enum TrainingStatus
{
    /// <summary>Steps are running.</summary>
    Training,
    /// <summary>Every epoch ran.</summary>
    Finished,
    /// <summary>Stopped by the host (an interrupt or a cell timeout).</summary>
    Interrupted,
    /// <summary>Stopped by an error.</summary>
    Failed,
}

/// <summary>
/// The live view of a training run, shown once and updated in place: a progress bar with the current
/// epoch's running loss and accuracy, the finished epochs as a table, and their loss and accuracy curves.
/// A notebook front end shows its HTML (bar, table and chart); a terminal its text.
/// Taught in chapter 06 ("The training pipeline").
/// </summary>
public sealed class TrainingBoard : IMimeRenderable
{
    private const int BarWidth = 30;
    private readonly IReadOnlyList<EpochRecord> history;
    private readonly long startTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
    private JsonObject? figure;
    private int figureEpochs = -1;
    private string? chartHtml;
    private bool chartHtmlHasLibrary;
    private bool? ownsLibrary;
    private bool libraryDrawn;

    internal TrainingBoard(string title, IReadOnlyList<EpochRecord> history, int epochs, int stepsPerEpoch, bool hasTestSet)
    {
        Title = title;
        this.history = history;
        FirstEpoch = history.Count + 1;
        LastEpoch = history.Count + epochs;
        Epoch = FirstEpoch;
        StepsPerEpoch = stepsPerEpoch;
        HasTestSet = hasTestSet;
    }

    /// <summary>The board's title.</summary>
    public string Title { get; }

    /// <summary>Where the run stands.</summary>
    public TrainingStatus Status { get; internal set; } = TrainingStatus.Training;

    /// <summary>The first epoch of this run (epochs are numbered across runs of one trainer).</summary>
    public int FirstEpoch { get; }

    /// <summary>The epoch this run ends with.</summary>
    public int LastEpoch { get; }

    /// <summary>The epoch running now (or the last one, once the run is over).</summary>
    public int Epoch { get; internal set; }

    /// <summary>Steps (batches) done in the current epoch.</summary>
    public int Step { get; internal set; }

    /// <summary>Steps (batches) per epoch.</summary>
    public int StepsPerEpoch { get; }

    /// <summary>True when each epoch ends with a test evaluation.</summary>
    public bool HasTestSet { get; }

    /// <summary>The current epoch's mean training loss so far.</summary>
    public double Loss { get; internal set; } = double.NaN;

    /// <summary>The current epoch's training accuracy so far (null without one).</summary>
    public double? Accuracy { get; internal set; }

    /// <summary>Time since the run started.</summary>
    public TimeSpan Elapsed => System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp);

    /// <summary>The finished epochs of this trainer, this run's and earlier runs'.</summary>
    public IReadOnlyList<EpochRecord> Epochs => history;

    /// <summary>Steps this run will take.</summary>
    public long TotalSteps => (long)(LastEpoch - FirstEpoch + 1) * StepsPerEpoch;

    /// <summary>Steps this run has taken.</summary>
    public long StepsDone => (long)(Epoch - FirstEpoch) * StepsPerEpoch + Step;

    /// <summary>True for the last redraw of a run, which must stand on its own in a saved notebook.</summary>
    internal bool Final { get; set; }

    /// <summary>One line: epoch, step, running loss and accuracy.</summary>
    public string Headline
    {
        get
        {
            var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"epoch {Epoch}/{LastEpoch} · step {Step:N0}/{StepsPerEpoch:N0}");
            if (!double.IsNaN(Loss)) line.Append(CultureInfo.InvariantCulture, $" · loss {Loss:F4}");
            if (Accuracy is { } a) line.Append(CultureInfo.InvariantCulture, $" · accuracy {a * 100:F2} %");
            return line.ToString();
        }
    }

    /// <summary>Elapsed time, and for a running board the time left at the pace so far.</summary>
    public string Timing
    {
        get
        {
            var elapsed = Elapsed;
            var text = $"{Seconds(elapsed)} elapsed";
            if (Status == TrainingStatus.Training && StepsDone > 0 && StepsDone < TotalSteps)
                text += $", about {Seconds(elapsed * ((double)(TotalSteps - StepsDone) / StepsDone))} left";
            return text;
        }
    }

    /// <summary>What the status means in words.</summary>
    public string StatusText => Status switch
    {
        TrainingStatus.Finished => $"finished {LastEpoch - FirstEpoch + 1} epoch(s)",
        TrainingStatus.Interrupted => $"interrupted during epoch {Epoch}, step {Step:N0}",
        TrainingStatus.Failed => $"stopped by an error during epoch {Epoch}, step {Step:N0}",
        _ => "training",
    };

    /// <summary>A text progress bar for this run.</summary>
    public string Bar
    {
        get
        {
            var fraction = TotalSteps == 0 ? 1 : Math.Clamp((double)StepsDone / TotalSteps, 0, 1);
            var filled = (int)Math.Round(fraction * BarWidth);
            return $"[{new string('█', filled)}{new string('░', BarWidth - filled)}] {fraction * 100,3:F0}%";
        }
    }

    /// <summary>One line about a finished epoch, as the terminal prints it.</summary>
    public static string EpochLine(EpochRecord e)
    {
        var line = new StringBuilder().Append(CultureInfo.InvariantCulture, $"epoch {e.Epoch}: train loss {e.TrainLoss:F4}");
        if (e.TrainAccuracy is { } ta) line.Append(CultureInfo.InvariantCulture, $", accuracy {ta * 100:F2} %");
        if (e.TestLoss is { } tl) line.Append(CultureInfo.InvariantCulture, $" · test loss {tl:F4}");
        if (e.TestAccuracy is { } tacc) line.Append(CultureInfo.InvariantCulture, $", accuracy {tacc * 100:F2} %");
        if (e.ValidationLoss is { } vl) line.Append(CultureInfo.InvariantCulture, $" · validation loss {vl:F4}");
        if (e.ValidationAccuracy is { } vacc) line.Append(CultureInfo.InvariantCulture, $", accuracy {vacc * 100:F2} %");
        return line.Append(CultureInfo.InvariantCulture, $" · {e.Seconds:F1} s").ToString();
    }

    /// <summary>The loss and accuracy chart's Plotly figure (null before the first epoch ends).</summary>
    public JsonObject? ChartFigure => Figure()?.DeepClone().AsObject();

    /// <summary>
    /// HTML (bar, epoch table and the chart drawn by plotly.js) and text. The bundle deliberately has no
    /// <c>application/vnd.plotly.v1+json</c>: VS Code ranks every <c>application/vnd.*</c> type above
    /// <c>text/html</c>, so it would show the chart alone and hide the progress bar from the first
    /// epoch on. <see cref="TrainingHistory.Chart"/> gives the chart as a chart of its own.
    /// </summary>
    public MimeBundle ToMimeBundle() => new MimeBundle()
        .With(MimeBundle.Html, Html())
        .With(MimeBundle.PlainText, ToString());

    /// <summary>The board as text: status, bar, running numbers and the epochs so far.</summary>
    public override string ToString()
    {
        var text = new StringBuilder($"{Title}: {StatusText} · {Timing}\n{Bar} {Headline}");
        if (history.Count > 0) text.Append('\n').Append(TrainingHistory.TextTable(history));
        return text.ToString();
    }

    private string Html()
    {
        var colour = Status switch
        {
            TrainingStatus.Finished => "#2a7a2a",
            TrainingStatus.Interrupted => "#b07000",
            TrainingStatus.Failed => "#b00020",
            _ => "#1f77b4",
        };
        var percent = TotalSteps == 0 ? 100 : 100.0 * StepsDone / TotalSteps;
        var html = new StringBuilder("<div class=\"lmc-training\" style=\"font-family:system-ui,sans-serif\">")
            .Append(CultureInfo.InvariantCulture, $"<div><b>{WebUtility.HtmlEncode(Title)}</b>: {WebUtility.HtmlEncode(StatusText)} · {WebUtility.HtmlEncode(Timing)}</div>")
            .Append("<div style=\"display:flex;align-items:center;gap:.8em;margin:.3em 0\">")
            .Append(CultureInfo.InvariantCulture, $"<div style=\"width:22em;height:1em;background:#e5e5e5;border-radius:3px;overflow:hidden\" role=\"progressbar\" aria-valuenow=\"{percent:F0}\" aria-valuemin=\"0\" aria-valuemax=\"100\">")
            .Append(CultureInfo.InvariantCulture, $"<div style=\"width:{percent:F1}%;height:100%;background:{colour}\"></div></div>")
            .Append(CultureInfo.InvariantCulture, $"<span style=\"font-variant-numeric:tabular-nums\">{percent:F0}% · {WebUtility.HtmlEncode(Headline)}</span></div>");
        if (history.Count > 0) html.Append(TrainingHistory.HtmlTable(history));
        if (ChartHtml() is { } chart) html.Append(chart);
        return html.Append("</div>").ToString();
    }

    // The chart changes only when an epoch ends, so its figure (and HTML) is made once per epoch.
    private JsonObject? Figure()
    {
        if (history.Count == 0) return null;
        if (figureEpochs != history.Count)
        {
            figure = PlotlyOutput.FigureJson(HistoryChart.Build(history, Title));
            figureEpochs = history.Count;
            chartHtml = null;
        }
        return figure;
    }

    private string? ChartHtml()
    {
        if (Figure() is not { } f) return null;
        // plotly.js goes inline only when this board is the notebook's first chart, and then only in its
        // first drawing (which loads it into the page for the redraws that follow) and its final one
        // (which is what a saved notebook keeps).
        ownsLibrary ??= PlotlyOutput.ClaimLibraryEmbedding();
        var withLibrary = ownsLibrary.Value && (!libraryDrawn || Final);
        if (chartHtml is null || chartHtmlHasLibrary != withLibrary)
        {
            chartHtml = PlotlyOutput.Html(f, withLibrary);
            chartHtmlHasLibrary = withLibrary;
        }
        libraryDrawn |= withLibrary;
        return chartHtml;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds < 60
        ? t.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s"
        : $"{(int)t.TotalMinutes} min {t.Seconds:D2} s";
}
