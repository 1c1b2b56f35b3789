using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Plots;
using Plotly.NET;
using TorchSharp;
using FSharpChart = Plotly.NET.Chart;

namespace LargeModelsCourse.Tests.Notebooks;

/// <summary>
/// PlotlyOutput writes the template's JSON once per template instead of once per chart: the figures must stay
/// exactly those Plotly.NET writes, and the charts must not lose their template.
/// </summary>
public sealed class PlotlyOutputTests
{
    private static JsonObject PlotlyNetsOwn(GenericChart chart)
    {
        var figure = JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();
        figure.Remove("frames");
        figure["config"] ??= new JsonObject { ["responsive"] = true };
        return figure;
    }

    public static TheoryData<string> Charts() => new() { "curve", "loss surface", "image grid", "dark curve" };

    private static GenericChart Make(string name)
    {
        var xs = Enumerable.Range(0, 50).Select(i => i / 10.0).ToArray();
        return name switch
        {
            "curve" => Plot.Curve(xs, xs.Select(Math.Sin), "sine"),
            "loss surface" => Plot.LossSurface((a, b) => a * a + 3 * b * b, (-2, 2), (-1, 1), [("path", [(1.5, 0.8), (0.5, 0.2), (0.1, 0.0)])], "bowl", resolution: 20),
            "image grid" => Plot.ImageGrid(torch.arange(2 * 4 * 4, dtype: torch.float32).reshape(2, 4, 4), ["a", "b"], "two"),
            "dark curve" => FSharpChart.withTemplate(ChartTemplates.dark).Invoke(Plot.Curve(xs, xs.Select(Math.Cos), "cosine")),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };
    }

    [Theory]
    [MemberData(nameof(Charts))]
    public void The_figure_is_the_one_Plotly_NET_writes(string name)
    {
        var chart = Make(name);
        var expected = PlotlyNetsOwn(chart);

        var figure = PlotlyOutput.FigureJson(chart);

        Assert.True(JsonNode.DeepEquals(expected, figure), $"{name}: the figure differs from Plotly.NET's own JSON");
        Assert.NotNull(figure["layout"]?["template"]?["layout"]);
    }

    [Fact]
    public void The_chart_keeps_its_template_and_each_template_is_its_own()
    {
        var plain = Make("curve");
        var dark = Make("dark curve");

        var first = PlotlyOutput.FigureJson(plain);
        var darkFigure = PlotlyOutput.FigureJson(dark);
        var again = PlotlyOutput.FigureJson(plain);

        Assert.True(JsonNode.DeepEquals(first, again), "serializing a chart twice gives the same figure");
        Assert.True(JsonNode.DeepEquals(PlotlyNetsOwn(plain), first), "the chart still carries its template afterwards");
        Assert.False(JsonNode.DeepEquals(first["layout"]!["template"], darkFigure["layout"]!["template"]), "the dark chart has the dark template");
    }
}
