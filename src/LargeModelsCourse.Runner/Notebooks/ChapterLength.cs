using Markdig;
using Markdig.Syntax;

namespace LargeModelsCourse.Runner.Notebooks;

/// <summary>One optional deep-dive section of a chapter.</summary>
/// <param name="CellId">The id of the Markdown cell whose <c>##</c> heading opens it.</param>
/// <param name="Heading">That heading's Markdown text, without the <c>##</c>.</param>
/// <param name="Slides">The slides it adds to the chapter.</param>
public sealed record DeepDive(string CellId, string Heading, int Slides);

/// <summary>
/// How long a chapter is when presented, counted in <see cref="SlideRule"/>'s slides so that it agrees with the book's
/// presentation mode and Jupyter's slide shows: the core (what an instructor presents) and the full chapter, which adds
/// the optional deep dives. A deep dive runs from its tagged <c>##</c> cell to the next <c>##</c> heading.
/// </summary>
/// <param name="CoreSlides">Slides outside the deep dives.</param>
/// <param name="FullSlides">Every slide.</param>
/// <param name="DeepDives">The deep-dive sections, in order.</param>
public sealed record ChapterLength(int CoreSlides, int FullSlides, IReadOnlyList<DeepDive> DeepDives)
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    /// <summary>The length of <paramref name="notebook"/>.</summary>
    public static ChapterLength Of(NotebookDocument notebook)
    {
        var types = SlideRule.For(notebook);
        var inDeepDive = InDeepDive(notebook);
        var dives = new List<DeepDive>();
        var core = 0;
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.Language == CellLanguage.Markdown && SlideRule.HasSectionHeading(cell.Source) && SlideRule.IsDeepDive(cell))
                dives.Add(new DeepDive(cell.Id, SectionHeading(cell.Source), 0));
            if (!SlideRule.StartsSlide(types[i])) continue;
            if (inDeepDive[i]) dives[^1] = dives[^1] with { Slides = dives[^1].Slides + 1 };
            else core++;
        }
        return new ChapterLength(core, core + dives.Sum(d => d.Slides), dives);
    }

    /// <summary>
    /// For each cell of <paramref name="notebook"/>, whether it belongs to a deep dive: from a tagged <c>##</c> cell to
    /// the next section heading, tagged or not. The book marks these cells so presentation mode can pass them by.
    /// </summary>
    public static bool[] InDeepDive(NotebookDocument notebook)
    {
        var flags = new bool[notebook.Cells.Count];
        var inDeepDive = false;
        for (var i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.Language == CellLanguage.Markdown && SlideRule.HasSectionHeading(cell.Source))
                inDeepDive = SlideRule.IsDeepDive(cell);
            flags[i] = inDeepDive;
        }
        return flags;
    }

    // The first # or ## heading's text as written, e.g. "## Why so slow? (deep dive)" gives "Why so slow? (deep dive)".
    private static string SectionHeading(string markdown)
    {
        var heading = Markdown.Parse(markdown, Pipeline).Descendants<HeadingBlock>().First(h => h.Level <= 2);
        var line = markdown.Substring(heading.Span.Start, heading.Span.Length).Split('\n')[0];
        return line.Trim().TrimStart('#').TrimEnd('#').Trim();
    }
}
