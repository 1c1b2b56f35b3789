using System.Text.Json.Nodes;
using Markdig;
using Markdig.Syntax;

namespace LargeModelsCourse.Runner.Notebooks;

/// <summary>A cell's part in a slide show, as Jupyter's cell metadata <c>slideshow.slide_type</c> names it.</summary>
public enum SlideType
{
    /// <summary>"slide": starts a new slide (in reveal.js, a new column).</summary>
    Slide,
    /// <summary>"subslide": starts a new slide under the current one (reveal.js's vertical slides).</summary>
    Subslide,
    /// <summary>"fragment": joins the current slide, shown on the next key press.</summary>
    Fragment,
    /// <summary>"-": joins the current slide.</summary>
    Continue,
    /// <summary>"skip": not shown in the slide show.</summary>
    Skip,
}

/// <summary>
/// The one rule that cuts a chapter into slides, for the book's presentation mode and for the notebooks' Jupyter
/// slideshow metadata (<c>jupyter nbconvert --to slides</c>, live slide extensions in Notebook and JupyterLab), which
/// <c>course slides</c> writes from it and its <c>--check</c> compares with it.
/// </summary>
/// <remarks>
/// A slide is one cell, as in the book: a Markdown cell with a <c>#</c> or <c>##</c> heading starts a new section
/// slide; every other cell (prose between code cells, a code cell with its outputs) is a sub-slide under the section
/// it belongs to, so reveal.js's → moves section by section and space goes through every cell. An optional deep dive
/// (its <c>##</c> cell tagged <c>deep-dive</c>) is sub-slides too: it hangs under the section before it, and → passes
/// it by. Cells tagged <c>remove-cell</c> are skipped, as the book leaves them out. Slide metadata is per cell, so a
/// Markdown cell whose <c>##</c> heading comes after some prose is one slide (the book presents it as one too).
/// </remarks>
public static class SlideRule
{
    /// <summary>The cell tag that marks an optional deep-dive section's heading cell.</summary>
    public const string DeepDiveTag = "deep-dive";

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>The slide type of every cell of <paramref name="notebook"/>, in order.</summary>
    public static IReadOnlyList<SlideType> For(NotebookDocument notebook) =>
        notebook.Cells.Select((cell, i) => For(cell, first: i == 0)).ToList();

    /// <summary>The slide type of one cell; <paramref name="first"/>: it is the notebook's first cell (always a slide).</summary>
    public static SlideType For(NotebookCell cell, bool first)
    {
        var tags = Tags(cell.Raw);
        if (tags.Contains("remove-cell")) return SlideType.Skip;
        if (first) return SlideType.Slide;
        if (cell.Language == CellLanguage.Markdown && HasSectionHeading(cell.Source))
            return tags.Contains(DeepDiveTag) ? SlideType.Subslide : SlideType.Slide;
        return SlideType.Subslide;
    }

    /// <summary>True when <paramref name="cell"/> opens an optional deep-dive section (a tagged Markdown cell with a section heading).</summary>
    public static bool IsDeepDive(NotebookCell cell) =>
        cell.Language == CellLanguage.Markdown && Tags(cell.Raw).Contains(DeepDiveTag) && HasSectionHeading(cell.Source);

    /// <summary>True when the type starts a slide of its own (in the book: a new page of the presentation).</summary>
    public static bool StartsSlide(SlideType type) => type is SlideType.Slide or SlideType.Subslide;

    /// <summary>The name Jupyter's metadata uses: "slide", "subslide", "fragment", "-", "skip".</summary>
    public static string JupyterName(SlideType type) => type switch
    {
        SlideType.Slide => "slide",
        SlideType.Subslide => "subslide",
        SlideType.Fragment => "fragment",
        SlideType.Continue => "-",
        SlideType.Skip => "skip",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The slide type a cell's metadata gives, or null when it has none (or one Jupyter does not know).</summary>
    public static SlideType? FromMetadata(JsonObject cell) =>
        (cell["metadata"]?["slideshow"]?["slide_type"] as JsonValue)?.TryGetValue<string>(out var name) == true
            ? Enum.GetValues<SlideType>().Cast<SlideType?>().FirstOrDefault(t => JupyterName(t!.Value) == name)
            : null;

    /// <summary>True when the Markdown has a level-1 or level-2 heading (where the book cuts a cell into sections).</summary>
    public static bool HasSectionHeading(string markdown) =>
        Markdown.Parse(markdown, Pipeline).Any(block => block is HeadingBlock { Level: <= 2 });

    private static HashSet<string> Tags(JsonObject cell) =>
        cell["metadata"]?["tags"] is JsonArray tags
            ? tags.Select(t => t is JsonValue v && v.TryGetValue<string>(out var s) ? s : "").ToHashSet(StringComparer.Ordinal)
            : [];
}
