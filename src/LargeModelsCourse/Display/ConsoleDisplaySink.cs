using System.Text.Json.Nodes;

namespace LargeModelsCourse.Display;

/// <summary>
/// The display sink of a terminal program (a chapter exported as a .NET file-based app): text goes to
/// standard output, and each chart is saved as a standalone HTML file (plotly.js inline, works offline)
/// in a <c>charts</c> folder beside the program, whose path is printed.
/// </summary>
public sealed class ConsoleDisplaySink : IDisplaySink
{
    private readonly Dictionary<string, string> chartFiles = [];
    private int charts;

    /// <summary>The folder charts are written to.</summary>
    public string ChartFolder { get; init; } = Path.Combine(Environment.CurrentDirectory, "charts");

    /// <inheritdoc/>
    public void Display(string displayId, MimeBundle bundle) => Show(displayId, bundle, isUpdate: false);

    /// <inheritdoc/>
    public void Update(string displayId, MimeBundle bundle) => Show(displayId, bundle, isUpdate: true);

    private void Show(string displayId, MimeBundle bundle, bool isUpdate)
    {
        if (bundle[MimeBundle.PlotlyJson] is JsonObject figure)
        {
            if (!chartFiles.TryGetValue(displayId, out var path))
            {
                Directory.CreateDirectory(ChartFolder);
                path = Path.Combine(ChartFolder, $"chart-{++charts:D2}.html");
                chartFiles[displayId] = path;
            }
            File.WriteAllText(path, StandalonePage(figure));
            if (!isUpdate) Console.WriteLine($"{bundle.Text} -> {path}");
            return;
        }
        Console.WriteLine(bundle.Text);
    }

    /// <summary>A complete HTML page that draws <paramref name="figure"/> offline.</summary>
    public static string StandalonePage(JsonObject figure) =>
        $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>chart</title></head><body>{PlotlyOutput.Html(figure, includeLibrary: true)}</body></html>";
}
