using LargeModelsCourse.Display;
using Spectre.Console;

namespace LargeModelsCourse.Training;

/// <summary>Why the board is redrawn.</summary>
internal enum Redraw
{
    /// <summary>Steps went by (throttled by the trainer).</summary>
    Steps,
    /// <summary>An epoch ended; its record is the last of the history.</summary>
    EpochEnded,
}

/// <summary>
/// Where a training run's <see cref="TrainingBoard"/> is shown. The trainer runs its whole loop inside
/// <see cref="Run"/> and calls <see cref="Update"/> as it goes, the same two calls for every host.
/// </summary>
internal abstract class ProgressView
{
    /// <summary>The view for <paramref name="mode"/>; Auto picks the terminal when no notebook host set a sink.</summary>
    public static ProgressView Create(TrainingProgress mode, IAnsiConsole? terminal) => mode switch
    {
        TrainingProgress.None => new NoProgressView(),
        TrainingProgress.Terminal => new TerminalProgressView(terminal ?? TerminalConsole.Standard),
        TrainingProgress.Notebook => new NotebookProgressView(),
        _ => Notebook.Sink is ConsoleDisplaySink
            ? new TerminalProgressView(terminal ?? TerminalConsole.Standard)
            : new NotebookProgressView(),
    };

    /// <summary>Shows the board, runs <paramref name="train"/>, and draws the board's final state however it ends.</summary>
    public abstract void Run(TrainingBoard board, Action train);

    /// <summary>Redraws the board.</summary>
    public abstract void Update(TrainingBoard board, Redraw reason);
}

/// <summary>No progress at all.</summary>
internal sealed class NoProgressView : ProgressView
{
    public override void Run(TrainingBoard board, Action train) => train();

    public override void Update(TrainingBoard board, Redraw reason) { }
}

/// <summary>One notebook output: <c>display</c> once, then <c>Update</c> the same output in place.</summary>
internal sealed class NotebookProgressView : ProgressView
{
    private DisplayedValue? handle;

    public override void Run(TrainingBoard board, Action train)
    {
        handle = Notebook.display(board);
        try
        {
            train();
        }
        finally
        {
            board.Final = true;
            handle.Update(board);
        }
    }

    public override void Update(TrainingBoard board, Redraw reason) => handle?.Update(board);
}

/// <summary>A Spectre.Console progress bar, with a line printed above it for each finished epoch.</summary>
internal sealed class TerminalProgressView(IAnsiConsole console) : ProgressView
{
    private ProgressContext? context;
    private ProgressTask? task;

    public override void Run(TrainingBoard board, Action train) =>
        console.Progress()
            // Redrawn only when the trainer asks (throttled), so no refresh thread competes with training.
            .AutoRefresh(false)
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                context = ctx;
                task = ctx.AddTask(Markup.Escape(board.Headline), maxValue: Math.Max(1, board.TotalSteps));
                try
                {
                    train();
                }
                finally
                {
                    board.Final = true;
                    Draw(board);
                    if (board.Status != TrainingStatus.Finished)
                        console.MarkupLine($"[yellow]{Markup.Escape(board.Title)}: {Markup.Escape(board.StatusText)}[/]");
                    task.StopTask();
                }
            });

    public override void Update(TrainingBoard board, Redraw reason)
    {
        if (reason == Redraw.EpochEnded && board.Epochs.Count > 0)
            console.MarkupLine(Markup.Escape(TrainingBoard.EpochLine(board.Epochs[^1])));
        Draw(board);
    }

    private void Draw(TrainingBoard board)
    {
        if (task is null || context is null) return;
        task.Value = board.StepsDone;
        task.Description = Markup.Escape(board.Headline);
        context.Refresh();
    }
}
