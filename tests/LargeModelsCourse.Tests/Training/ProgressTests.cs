using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Training;
using Spectre.Console;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace LargeModelsCourse.Tests.Training;

public sealed class ProgressTests : IDisposable
{
    private readonly NotebookState state = new();

    public void Dispose() => state.Dispose();

    private static (Trainer Trainer, Tensor X, Tensor Y) Setup()
    {
        var (x, y) = TrainingFixtures.Blobs(20, seed: 1); // 60 examples: 4 steps of 16
        var model = TrainingFixtures.Mlp(0);
        return (new Trainer(model, optim.Adam(model.parameters(), lr: 0.01), nn.CrossEntropyLoss()), x, y);
    }

    [Fact]
    public void A_notebook_sees_one_output_updated_in_place()
    {
        var sink = new RecordingSink();
        Notebook.Sink = sink;
        var (trainer, x, y) = Setup();
        // An interval no run reaches: only the end of each epoch and the final state are drawn.
        trainer.Fit(x, y, x, y, epochs: 3, batchSize: 16, options: new() { ProgressInterval = TimeSpan.FromHours(1) });

        Assert.Equal("display", sink.Calls[0].Kind);
        Assert.Single(sink.Calls, c => c.Kind == "display");
        Assert.All(sink.Calls, c => Assert.Equal(sink.Calls[0].Id, c.Id));
        Assert.Equal(3 + 1, sink.Calls.Count(c => c.Kind == "update"));

        var first = sink.Calls[0].Bundle;
        Assert.DoesNotContain("lmc-plot", first[MimeBundle.Html]!.GetValue<string>()); // no epoch has ended yet: no chart
        Assert.Contains("epoch 1/3 · step 0/4", first.Text);

        var last = sink.Calls[^1].Bundle;
        Assert.Contains("finished 3 epoch(s)", last.Text);
        Assert.Contains("step 4/4", last.Text);
        // The bar must stay visible: no MIME type a front end would rank above the HTML.
        Assert.Equal([MimeBundle.Html, MimeBundle.PlainText], last.MimeTypes);
        var html = last[MimeBundle.Html]!.GetValue<string>();
        Assert.Contains("role=\"progressbar\" aria-valuenow=\"100\"", html);
        Assert.Contains("lmc-plot", html);
        Assert.Contains("\"name\":\"test accuracy\"", html);
    }

    [Fact]
    public void The_history_chart_has_loss_and_accuracy_per_epoch()
    {
        var (trainer, x, y) = Setup();
        trainer.Fit(x, y, x, y, epochs: 3, batchSize: 16, options: new() { Progress = TrainingProgress.None });
        var figure = PlotlyOutput.FigureJson(trainer.History.Chart());
        Assert.Equal(["train loss", "test loss", "train accuracy", "test accuracy"],
            figure["data"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
        Assert.Equal("[1,2,3]", figure["data"]![0]!["x"]!.ToJsonString());
        Assert.Equal(trainer.History.TrainLosses, figure["data"]![0]!["y"]!.AsArray().Select(v => v!.GetValue<double>()));
    }

    [Fact]
    public void Redraws_within_an_epoch_follow_the_interval()
    {
        var sink = new RecordingSink();
        Notebook.Sink = sink;
        var (trainer, x, y) = Setup();
        // Interval zero: every step redraws, then every epoch's end, then the final state.
        trainer.Fit(x, y, epochs: 2, batchSize: 16, options: new() { ProgressInterval = TimeSpan.Zero });
        Assert.Equal(2 * 4 + 2 + 1, sink.Calls.Count(c => c.Kind == "update"));
        var steps = sink.Calls.Where(c => c.Kind == "update").Take(4).Select(c => c.Bundle.Text).ToList();
        for (var s = 1; s <= 4; s++) Assert.Contains($"step {s}/4", steps[s - 1]);
    }

    [Fact]
    public void The_board_chart_matches_the_history_chart()
    {
        var sink = new RecordingSink();
        Notebook.Sink = sink;
        var (trainer, x, y) = Setup();
        var history = trainer.Fit(x, y, x, y, epochs: 2, batchSize: 16, options: new() { Title = "Blobs" });
        // The board builds its figure on a fast path; it must be the chart students get from history.Chart(),
        // and the figure its HTML draws.
        var html = sink.Calls[^1].Bundle[MimeBundle.Html]!.GetValue<string>();
        var start = html.IndexOf("var fig=", StringComparison.Ordinal) + "var fig=".Length;
        var end = html.IndexOf(";var id=", start, StringComparison.Ordinal);
        var board = JsonNode.Parse(html[start..end].Replace("<\\/", "</", StringComparison.Ordinal))!;
        var chart = PlotlyOutput.FigureJson(history.Chart("Blobs"));
        Assert.True(JsonNode.DeepEquals(chart, board), $"board:\n{board}\nchart:\n{chart}");
    }

    [Fact]
    public void The_final_drawing_carries_plotly_when_it_is_the_notebooks_first_chart()
    {
        var sink = new RecordingSink();
        Notebook.Sink = sink;
        PlotlyOutput.ResetLibraryEmbedding();
        var (trainer, x, y) = Setup();
        trainer.Fit(x, y, epochs: 3, batchSize: 16, options: new() { ProgressInterval = TimeSpan.Zero });
        var withLibrary = sink.Calls.Select(c => c.Bundle[MimeBundle.Html]!.GetValue<string>().Contains(PlotlyOutput.LibraryMarker)).ToList();
        Assert.True(withLibrary[^1], "the saved (final) output must load plotly.js itself");
        Assert.Equal(2, withLibrary.Count(w => w)); // the first drawing with a chart, and the final one
        // A later chart in the same notebook does not carry it again.
        Assert.DoesNotContain(PlotlyOutput.LibraryMarker, PlotlyOutput.ToMimeBundle(trainer.History.Chart())[MimeBundle.Html]!.GetValue<string>());
    }

    [Fact]
    public void A_terminal_gets_a_progress_bar_and_a_line_per_epoch()
    {
        Notebook.Sink = new ConsoleDisplaySink();
        var output = new StringWriter();
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
        });
        var (trainer, x, y) = Setup();
        trainer.Fit(x, y, x, y, epochs: 2, batchSize: 16, options: new() { Terminal = terminal });
        var text = output.ToString();
        Assert.Contains("epoch 1: train loss", text);
        Assert.Contains("epoch 2: train loss", text);
        Assert.Contains("test loss", text);
    }
}
