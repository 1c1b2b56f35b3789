using LargeModelsCourse.Runner.Notebooks;
using Markdig.Syntax;

namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// Finds a chapter's learning goals: the bullet list that follows the heading or line containing
/// "What you will learn" in its Markdown (every course notebook opens with one).
/// </summary>
internal static class LearningGoals
{
    /// <summary>The goals as inline HTML, or an empty list when the notebook states none.</summary>
    /// <param name="notebook">The chapter.</param>
    /// <param name="markdown">The renderer.</param>
    /// <param name="marker">The words that introduce the goals in the chapter's language.</param>
    public static IReadOnlyList<string> Find(NotebookDocument notebook, MarkdownRenderer markdown, string marker = "what you will learn")
    {
        var waiting = false;
        foreach (var cell in notebook.Cells.Where(c => c.Language == CellLanguage.Markdown))
        {
            var document = markdown.Parse(cell.Source);
            foreach (var block in document)
            {
                // The list follows the marker, possibly after a short paragraph or at the top of the next cell.
                if (waiting && block is ListBlock list)
                    return list.OfType<ListItemBlock>().Select(markdown.RenderInline).Where(g => g.Length > 0).ToList();
                if (block is HeadingBlock or ParagraphBlock
                    && cell.Source.Substring(block.Span.Start, block.Span.Length).Contains(marker, StringComparison.OrdinalIgnoreCase))
                    waiting = true;
                else if (block is HeadingBlock) waiting = false;
            }
        }
        return [];
    }
}
