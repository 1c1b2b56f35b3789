using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Notebooks;

namespace LargeModelsCourse.Tests.Slides;

/// <summary>The one rule that cuts a chapter into slides, for the book's presentation mode and Jupyter's slide shows.</summary>
public sealed class SlideRuleTests
{
    private static JsonObject Cell(string type, string source, params string[] tags)
    {
        var metadata = new JsonObject();
        if (tags.Length > 0) metadata["tags"] = new JsonArray(tags.Select(t => (JsonNode)JsonValue.Create(t)).ToArray());
        var cell = new JsonObject { ["cell_type"] = type, ["metadata"] = metadata, ["source"] = source };
        if (type == "code") cell["outputs"] = new JsonArray();
        return cell;
    }

    private static IReadOnlyList<string> Rule(params JsonObject[] cells)
    {
        var root = new JsonObject { ["nbformat"] = 4, ["nbformat_minor"] = 5, ["metadata"] = new JsonObject(), ["cells"] = new JsonArray(cells) };
        return SlideRule.For(NotebookDocument.Parse("rule.ipynb", root.ToJsonString())).Select(SlideRule.JupyterName).ToList();
    }

    [Fact]
    public void Sections_start_slides_and_every_other_cell_is_a_subslide_under_its_section()
    {
        var types = Rule(
            Cell("markdown", "# 99 · A chapter\n\nWhat you will learn."),
            Cell("code", "#r \"nuget: TorchSharp-cpu, 0.107.0\""),
            Cell("markdown", "## A section\n\nProse."),
            Cell("code", "var x = 1;"),
            Cell("markdown", "Prose between code cells.\n\n### A sub-heading stays on the slide"),
            Cell("code", "x"),
            Cell("markdown", "## Summary"));
        Assert.Equal(["slide", "subslide", "slide", "subslide", "subslide", "subslide", "slide"], types);
    }

    [Fact]
    public void A_deep_dive_hangs_under_the_section_before_it_and_removed_cells_are_skipped()
    {
        var types = Rule(
            Cell("markdown", "## A section"),
            Cell("markdown", "## More detail (deep dive)", SlideRule.DeepDiveTag),
            Cell("code", "var detail = 2;"),
            Cell("code", "// set-up only the book hides", "remove-cell"),
            Cell("markdown", "## The next section"));
        Assert.Equal(["slide", "subslide", "subslide", "skip", "slide"], types);
    }

    [Fact]
    public void A_heading_after_prose_makes_the_cell_a_section_slide_but_a_hash_in_a_code_block_does_not()
    {
        var types = Rule(
            Cell("code", "var first = true;"),
            Cell("markdown", "The end of one section.\n\n## The start of the next"),
            Cell("markdown", "A shell example:\n\n```bash\n# not a heading\n```\n\n    ## indented code, not a heading"),
            Cell("raw", "## raw text is not Markdown"));
        // The first cell always opens the show, whatever it is.
        Assert.Equal(["slide", "slide", "subslide", "subslide"], types);
    }

    [Fact]
    public void A_chapters_core_leaves_out_its_deep_dives_which_run_to_the_next_section()
    {
        var root = new JsonObject
        {
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject(),
            ["cells"] = new JsonArray(
                Cell("markdown", "# 99 · A chapter"),
                Cell("markdown", "## The idea"),
                Cell("code", "var x = 1;"),
                Cell("markdown", "Prose before the deep dive.\n\n## How it really works (deep dive)", SlideRule.DeepDiveTag),
                Cell("code", "var detail = 2;"),
                Cell("code", "// set-up only the book hides", "remove-cell"),
                Cell("markdown", "More of the deep dive.\n\n### A sub-heading stays in it"),
                Cell("markdown", "## Back to the core"),
                Cell("code", "x"),
                Cell("markdown", "## Faster, shown (deep dive)", SlideRule.DeepDiveTag),
                Cell("code", "var fast = 3;"),
                Cell("markdown", "## Summary")),
        };
        var notebook = NotebookDocument.Parse("length.ipynb", root.ToJsonString());
        var length = ChapterLength.Of(notebook);

        // 11 slides (the removed cell is none); the deep dives hold 3 and 2 of them.
        Assert.Equal(11, length.FullSlides);
        Assert.Equal(6, length.CoreSlides);
        Assert.Equal(SlideRule.For(notebook).Count(SlideRule.StartsSlide), length.FullSlides);
        Assert.Equal(
            [new DeepDive(notebook.Cells[3].Id, "How it really works (deep dive)", 3), new DeepDive(notebook.Cells[9].Id, "Faster, shown (deep dive)", 2)],
            length.DeepDives);
    }

    [Theory]
    [InlineData("slide", SlideType.Slide)]
    [InlineData("subslide", SlideType.Subslide)]
    [InlineData("fragment", SlideType.Fragment)]
    [InlineData("-", SlideType.Continue)]
    [InlineData("skip", SlideType.Skip)]
    public void Jupyter_names_read_back_as_the_same_type(string name, SlideType type)
    {
        Assert.Equal(name, SlideRule.JupyterName(type));
        var cell = new JsonObject { ["metadata"] = new JsonObject { ["slideshow"] = new JsonObject { ["slide_type"] = name } } };
        Assert.Equal(type, SlideRule.FromMetadata(cell));
    }

    [Fact]
    public void Metadata_Jupyter_does_not_know_reads_as_none()
    {
        Assert.Null(SlideRule.FromMetadata(new JsonObject { ["metadata"] = new JsonObject() }));
        Assert.Null(SlideRule.FromMetadata(new JsonObject { ["metadata"] = new JsonObject { ["slideshow"] = new JsonObject { ["slide_type"] = "notes-ish" } } }));
    }
}
