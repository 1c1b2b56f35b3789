using LargeModelsCourse.Display;
using LargeModelsCourse.Training;
using Xunit;

namespace LargeModelsCourse.Tests.Training;

public class ConfusionMatrixTests
{
    // Ten examples of three classes, counted by hand:
    //   true 0: predicted 0, 0, 1        -> row 0 = [2, 1, 0]
    //   true 1: predicted 1, 1, 1, 2     -> row 1 = [0, 3, 1]
    //   true 2: predicted 0, 0, 2        -> row 2 = [2, 0, 1]
    private static readonly long[] Targets = [0, 0, 0, 1, 1, 1, 1, 2, 2, 2];
    private static readonly long[] Predictions = [0, 0, 1, 1, 1, 1, 2, 0, 0, 2];

    [Fact]
    public void Counts_true_against_predicted_classes()
    {
        var m = ConfusionMatrix.From(Targets, Predictions);
        Assert.Equal(3, m.Classes);
        Assert.Equal(10, m.Total);
        Assert.Equal(new long[,] { { 2, 1, 0 }, { 0, 3, 1 }, { 2, 0, 1 } }, m.Counts);
        Assert.Equal(2, m[2, 0]);
        Assert.Equal(0.6, m.Accuracy, 12);
        Assert.Equal([2 / 3.0, 3 / 4.0, 1 / 3.0], m.PerClassAccuracy);
    }

    [Fact]
    public void Most_confused_pairs_come_largest_first()
    {
        var m = ConfusionMatrix.From(Targets, Predictions, labels: ["cat", "dog", "fox"]);
        var top = m.MostConfused(2);
        Assert.Equal(2, top.Count);
        Assert.Equal((2, 0, 2L), (top[0].True, top[0].Predicted, top[0].Count));
        Assert.Equal("fox", top[0].TrueLabel);
        Assert.Equal("cat", top[0].PredictedLabel);
        Assert.Equal(2 / 3.0, top[0].ShareOfClass, 12);
        // Ties (three cells of 1) keep class order: (0 -> 1) first.
        Assert.Equal((0, 1, 1L), (top[1].True, top[1].Predicted, top[1].Count));
        Assert.Equal(3, m.MostConfused(10).Count);
        Assert.Equal("fox predicted as cat: 2 (66.7 % of fox)", top[0].ToString());
    }

    [Fact]
    public void A_class_without_examples_has_nan_accuracy()
    {
        var m = ConfusionMatrix.From([0, 0], [0, 1], classes: 3);
        Assert.Equal(3, m.Classes);
        Assert.True(double.IsNaN(m.PerClassAccuracy[2]));
    }

    [Fact]
    public void Heatmap_shows_the_counts_with_true_classes_down()
    {
        var m = ConfusionMatrix.From(Targets, Predictions);
        var figure = PlotlyOutput.FigureJson(m.Heatmap());
        var trace = figure["data"]![0]!;
        Assert.Equal("heatmap", trace["type"]!.GetValue<string>());
        Assert.Equal("[[2,1,0],[0,3,1],[2,0,1]]", trace["z"]!.ToJsonString());
        Assert.Equal("%{z}", trace["texttemplate"]!.GetValue<string>());
        Assert.Equal("reversed", figure["layout"]!["yaxis"]!["autorange"]!.GetValue<string>());
        Assert.Equal("true class", figure["layout"]!["yaxis"]!["title"]!["text"]!.GetValue<string>());

        var mistakes = PlotlyOutput.FigureJson(m.Heatmap(errorsOnly: true));
        Assert.Equal("[[null,1,0],[0,null,1],[2,0,null]]", mistakes["data"]![0]!["z"]!.ToJsonString());
    }

    [Fact]
    public void Shows_itself_as_a_table()
    {
        var bundle = Formatting.ToMimeBundle(ConfusionMatrix.From(Targets, Predictions));
        Assert.Contains("<table", bundle[MimeBundle.Html]!.GetValue<string>());
        Assert.Contains("true \\ predicted", bundle.Text);
    }

    [Fact]
    public void Bad_input_gets_a_clear_error()
    {
        Assert.Contains("one prediction per example", Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 1], [0])).Message);
        Assert.Contains("classes run from 0 to 1", Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.From([0, 2], [0, 1], classes: 2)).Message);
        Assert.Contains("square", Assert.Throws<ArgumentException>(() => new ConfusionMatrix(new long[2, 3])).Message);
        Assert.Contains("one label per class", Assert.Throws<ArgumentException>(() => ConfusionMatrix.From([0, 1], [0, 1], labels: ["a"])).Message);
    }
}
