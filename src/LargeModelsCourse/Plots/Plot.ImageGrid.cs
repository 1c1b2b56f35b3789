using System.Globalization;
using DynamicObj;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.LayoutObjects;
using TorchSharp;
using CSharpChart = Plotly.NET.CSharp.Chart;

namespace LargeModelsCourse.Plots;

public static partial class Plot
{
    /// <summary>
    /// A grid of greyscale or colour images with a caption above each: digits, clothes, CIFAR images, filters,
    /// feature maps. Every image is scaled to its own range, drawn square to its pixels, without axes, and the
    /// figure is sized from the number of rows. Taught in chapters 06 and 07.
    /// </summary>
    /// <param name="images">The images: [N, H, W], [N, 1, H, W] or [N, 3, H, W] (colour).</param>
    /// <param name="captions">One caption per image (missing captions are left blank).</param>
    /// <param name="title">The figure's title.</param>
    /// <param name="columns">Images per row.</param>
    /// <param name="imageSize">Height of each drawn image, in screen pixels.</param>
    public static GenericChart ImageGrid(torch.Tensor images, IEnumerable<string> captions, string title, int columns = 8, int imageSize = 90)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(captions);
        if (images.dim() is < 3 or > 4)
            throw new ArgumentException($"images must be [N, H, W] or [N, C, H, W]; got shape [{string.Join(", ", images.shape)}].", nameof(images));
        if (images.dim() == 4 && images.shape[1] is not (1 or 3))
            throw new ArgumentException($"images need 1 (grey) or 3 (colour) channels; got shape [{string.Join(", ", images.shape)}].", nameof(images));
        if (columns < 1) throw new ArgumentOutOfRangeException(nameof(columns), columns, "A grid needs at least one column.");
        if (imageSize < 16) throw new ArgumentOutOfRangeException(nameof(imageSize), imageSize, "Draw images at least 16 pixels high.");

        var count = (int)images.shape[0];
        var rows = (count + columns - 1) / columns;
        var labels = captions.Take(count).ToArray();
        var grid = CSharpChart.Grid(ImageCharts(images), rows, columns,
            SubPlotTitles: labels.Concat(Enumerable.Repeat("", count - labels.Length)).ToArray());
        return FitGrid(WithTitle(grid, title), count, columns, rows, (double)images.shape[^2], (double)images.shape[^1], imageSize);
    }

    private static List<GenericChart> ImageCharts(torch.Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var x = images.detach().cpu().to(torch.float64);
        if (x.dim() == 3) x = x.unsqueeze(1);
        var charts = new List<GenericChart>();
        for (var i = 0; i < x.shape[0]; i++)
        {
            var image = x[i];
            // Scale each image to [0, 1] so filters and feature maps with any range stay visible.
            var min = image.min().item<double>();
            var max = image.max().item<double>();
            var scaled = max > min ? (image - min) / (max - min) : image.zeros_like();
            if (image.shape[0] == 1)
            {
                charts.Add(CSharpChart.Heatmap<double, int, int, string>(zData: ToJagged(scaled[0]), ShowScale: false, ReverseYAxis: true,
                    ColorScale: StyleParam.Colorscale.Greys, ReverseScale: true));
                continue;
            }
            var rgb = (scaled * 255).round().to(torch.int32).permute(1, 2, 0).contiguous();
            var h = (int)rgb.shape[0];
            var w = (int)rgb.shape[1];
            var data = rgb.data<int>().ToArray();
            var pixels = Enumerable.Range(0, h).Select(r => Enumerable.Range(0, w)
                .Select(c => new[] { data[(r * w + c) * 3], data[(r * w + c) * 3 + 1], data[(r * w + c) * 3 + 2] }).ToArray()).ToArray();
            charts.Add(CSharpChart.Image<string>(Z: pixels));
        }
        return charts;
    }

    /// <summary>
    /// Locks every cell to the image's pixel aspect, hides its axes and sizes the figure so each cell is one image
    /// plus room for its caption. Plotly.NET's grid alone gives a one-row grid only a few pixels of height (the
    /// margins take the rest) and labels every image's axes with pixel coordinates.
    /// </summary>
    private static GenericChart FitGrid(GenericChart chart, int count, int columns, int rows, double height, double width, int imageSize)
    {
        // Plotly's grid gives each row a step of plotHeight / (rows − ygap), of which the fraction ygap is the gap to the
        // next row: choose the gaps so every cell is exactly one drawn image plus room for its caption.
        const int captionSpace = 26, columnSpace = 16, left = 16, right = 16, top = 72, bottom = 8;
        var perRow = Math.Min(columns, Math.Max(count, 1));
        var imageWidth = imageSize * width / height;
        var rowStep = imageSize + captionSpace;
        var columnStep = imageWidth + columnSpace;
        var figureWidth = (int)Math.Ceiling(perRow * columnStep - columnSpace + left + right);
        var figureHeight = (int)Math.Ceiling(rows * (double)rowStep - captionSpace + top + bottom);

        return GenericChart.mapLayout(FSharpFunc<Layout, Layout>.FromConverter(layout =>
        {
            for (var i = 1; i <= count; i++)
            {
                var suffix = i == 1 ? "" : i.ToString(CultureInfo.InvariantCulture);
                var x = Axis(layout, "xaxis" + suffix);
                var y = Axis(layout, "yaxis" + suffix);
                foreach (var axis in new[] { x, y })
                {
                    axis.SetProperty("showticklabels", false);
                    axis.SetProperty("ticks", "");
                    axis.SetProperty("showgrid", false);
                    axis.SetProperty("zeroline", false);
                    // Shrink the plot area inside its cell rather than stretch the image.
                    axis.SetProperty("constrain", "domain");
                }
                y.SetProperty("scaleanchor", "x" + suffix);
                y.SetProperty("scaleratio", 1);
            }
            if (layout.TryGetTypedPropertyValue<LayoutGrid>("grid") is { } grid && FSharpOption<LayoutGrid>.get_IsSome(grid))
            {
                grid.Value.SetProperty("xgap", columnSpace / columnStep);
                grid.Value.SetProperty("ygap", captionSpace / (double)rowStep);
            }
            var margin = new DynamicObj.DynamicObj();
            margin.SetProperty("l", left);
            margin.SetProperty("r", right);
            margin.SetProperty("t", top);
            margin.SetProperty("b", bottom);
            layout.SetProperty("margin", margin);
            layout.SetProperty("width", figureWidth);
            layout.SetProperty("height", figureHeight);
            return layout;
        }), chart);
    }

    private static LinearAxis Axis(Layout layout, string name)
    {
        if (layout.TryGetTypedPropertyValue<LinearAxis>(name) is { } found && FSharpOption<LinearAxis>.get_IsSome(found))
            return found.Value;
        var axis = new LinearAxis();
        layout.SetProperty(name, axis);
        return axis;
    }
}
