using System.Text.Json.Nodes;
using LargeModelsCourse.Plots;
using Plotly.NET;
using TorchSharp;
using Xunit;

namespace LargeModelsCourse.Tests.Chapters;

/// <summary>The image grid chapters 06 and 07 draw digits, filters and feature maps with.</summary>
public sealed class ImageGridTests
{
    private static JsonObject Figure(GenericChart chart) => JsonNode.Parse(GenericChart.toFigureJson(chart))!.AsObject();

    [Fact]
    public void Every_image_is_square_and_unlabelled()
    {
        using var images = torch.rand(5, 1, 28, 28);
        var layout = Figure(Plot.ImageGrid(images, ["a", "b", "c", "d", "e"], "five", columns: 3))["layout"]!;
        for (var i = 1; i <= 5; i++)
        {
            var suffix = i == 1 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal("x" + suffix, layout["yaxis" + suffix]!["scaleanchor"]!.GetValue<string>());
            Assert.False(layout["xaxis" + suffix]!["showticklabels"]!.GetValue<bool>());
            Assert.False(layout["yaxis" + suffix]!["showticklabels"]!.GetValue<bool>());
            // Heatmap rows are drawn top to bottom, as images are stored.
            Assert.Equal("reversed", layout["yaxis" + suffix]!["autorange"]!.GetValue<string>());
        }
        Assert.Equal(new[] { "a", "b", "c", "d", "e" }, layout["annotations"]!.AsArray().Select(a => a!["text"]!.GetValue<string>()));
    }

    [Fact]
    public void The_figure_grows_with_its_rows_and_leaves_room_for_the_images()
    {
        using var one = torch.rand(4, 8, 8);
        using var three = torch.rand(12, 8, 8);
        var oneRow = Figure(Plot.ImageGrid(one, [], "one row", columns: 4, imageSize: 80))["layout"]!;
        var threeRows = Figure(Plot.ImageGrid(three, [], "three rows", columns: 4, imageSize: 80))["layout"]!;
        Assert.True(oneRow["height"]!.GetValue<int>() >= 80 + 72, "a one-row grid must be taller than one image plus the title");
        Assert.Equal(oneRow["width"]!.GetValue<int>(), threeRows["width"]!.GetValue<int>());
        Assert.True(threeRows["height"]!.GetValue<int>() >= oneRow["height"]!.GetValue<int>() + 2 * 80);
    }

    [Fact]
    public void Bad_input_gets_a_clear_error()
    {
        using var flat = torch.rand(10);
        var error = Assert.Throws<ArgumentException>(() => Plot.ImageGrid(flat, [], "flat"));
        Assert.Contains("[N, H, W]", error.Message);
        using var images = torch.rand(2, 4, 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => Plot.ImageGrid(images, [], "none", columns: 0));
    }
}
