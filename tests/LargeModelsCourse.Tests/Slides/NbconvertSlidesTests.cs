using System.Diagnostics;
using System.Text.RegularExpressions;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Data;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Slides;

/// <summary>Runs only where Debian's <c>jupyter-nbconvert</c> is installed (scripts/setup.sh installs it); says so otherwise.</summary>
public sealed class NbconvertFactAttribute : FactAttribute
{
    /// <summary>Debian's nbconvert.</summary>
    public const string Program = "/usr/bin/jupyter-nbconvert";

    /// <summary>Skips with the reason when nbconvert is missing.</summary>
    public NbconvertFactAttribute()
    {
        if (!File.Exists(Program)) Skip = $"{Program} is missing: install Debian's jupyter-nbconvert (scripts/setup.sh does)";
    }
}

/// <summary>
/// <c>jupyter nbconvert --to slides</c> (reveal.js) on an executed chapter gives the slides the rule gives: one
/// top-level <c>&lt;section&gt;</c> per slide and one nested <c>&lt;section&gt;</c> per slide and sub-slide.
/// </summary>
public sealed partial class NbconvertSlidesTests
{
    [NbconvertFact]
    public async Task Nbconvert_makes_one_reveal_section_per_slide_the_rule_gives()
    {
        // The executed chapter 00 the chapter tests share: one run of the notebook for both.
        var executed = ExecutedCourse.Get("00");
        using var folder = new TempFolder();
        var notebook = Path.Combine(folder.Path, "00-start-here.ipynb");
        File.WriteAllText(notebook, SlideMetadata.Serialize(executed.Json));
        var types = SlideRule.For(NotebookDocument.Load(Path.Combine(Repo.Notebooks, "00-start-here.ipynb")));

        var start = new ProcessStartInfo(NbconvertFactAttribute.Program)
        {
            ArgumentList = { "--to", "slides", notebook, "--output-dir", folder.Path },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        Assert.True(process.ExitCode == 0, $"nbconvert failed ({process.ExitCode}): {await errors}{await output}");
        var html = File.ReadAllText(Path.Combine(folder.Path, "00-start-here.slides.html"));

        var (slides, subslides) = Sections(html);
        Assert.Equal(types.Count(t => t == SlideType.Slide), slides);
        Assert.Equal(types.Count(t => t == SlideType.Slide || t == SlideType.Subslide), subslides);
        Assert.True(slides >= 5, $"{slides} slides");
        // Each section slide opens with its heading, in the rule's order.
        var headings = SectionHeadings().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains(headings, h => h.Contains("How to run a chapter", StringComparison.Ordinal));
    }

    /// <summary>Top-level sections (slides) and the sections nested in them (a slide's first page and its sub-slides).</summary>
    private static (int Slides, int Subslides) Sections(string html)
    {
        int depth = 0, slides = 0, subslides = 0;
        foreach (Match tag in SectionTag().Matches(html))
        {
            if (tag.Value.StartsWith("</", StringComparison.Ordinal))
            {
                depth--;
                continue;
            }
            depth++;
            if (depth == 1) slides++;
            else if (depth == 2) subslides++;
        }
        Assert.Equal(0, depth);
        return (slides, subslides);
    }

    [GeneratedRegex("</?section>")]
    private static partial Regex SectionTag();

    [GeneratedRegex(@"<h2 id=""[^""]*"">([^<]*)")]
    private static partial Regex SectionHeadings();
}
