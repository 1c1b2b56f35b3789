using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Book;
using LargeModelsCourse.Runner.Notebooks;
using Xunit;

namespace LargeModelsCourse.Tests.Book;

/// <summary>The book's small parts: terminal text, learning goals, chapter titles and run times, outputs.</summary>
public sealed class BookPartsTests
{
    [Theory]
    [InlineData("\u001b[1;32mgreen\u001b[0m plain", "green plain")]
    [InlineData("epoch 1 10%\repoch 1 50%\repoch 1 100%\ndone\n", "epoch 1 100%\ndone\n")]
    [InlineData("line\r\nnext", "line\nnext")]
    [InlineData("\u001b]8;;http://x\u0007link\u001b]8;;\u0007", "link")]
    public void TerminalTextIsWhatAConsoleWouldShow(string raw, string shown) => Assert.Equal(shown, TerminalText.Clean(raw));

    [Theory]
    [InlineData("00 · Start here", "00", "Start here")]
    [InlineData("03 - Gradient descent", "03", "Gradient descent")]
    [InlineData("Gradient descent", "03", "Gradient descent")]
    [InlineData("007 agents", "00", "007 agents")]
    public void ChapterTitlesLoseTheirRepeatedNumber(string title, string number, string expected) =>
        Assert.Equal(expected, Chapter.WithoutNumber(title, number));

    [Theory]
    [InlineData(1.234, "1.2 s")]
    [InlineData(42.4, "42 s")]
    [InlineData(185, "3 min 5 s")]
    [InlineData(240, "4 min")]
    [InlineData(3725, "1 h 2 min")]
    public void RunTimesReadNaturally(double seconds, string text) => Assert.Equal(text, Chapter.FormatDuration(seconds));

    [Fact]
    public void GoalsFollowAWhatYouWillLearnHeadingOrLineEvenInTheNextCell()
    {
        var markdown = new MarkdownRenderer();
        Assert.Equal(["one", "two <code>x</code>"], LearningGoals.Find(Notebook(["# T\n\n## What you will learn\n\n- one\n- two `x`\n"]), markdown));
        Assert.Equal(["a", "b"], LearningGoals.Find(Notebook(["# T\n\n**What you will learn**\n- a\n- b\n\nMore."]), markdown));
        Assert.Equal(["a", "b", "c"], LearningGoals.Find(Notebook(["# T\n\nWhat you will learn in this chapter:", "1. a\n2. b\n3. c"]), markdown));
        Assert.Empty(LearningGoals.Find(Notebook(["# T\n\n- not goals\n\n## What you will learn\n\n## Next\n\n- not goals either"]), markdown));
    }

    [Fact]
    public void OutputsPickTheRichestSafeRepresentation()
    {
        var markdown = new MarkdownRenderer();
        var renderer = new OutputRenderer(markdown);
        var page = new PageContext("test", new Dictionary<string, string>(), new List<string>());
        JsonArray Outputs(JsonObject data) => [new JsonObject { ["output_type"] = "display_data", ["data"] = data, ["metadata"] = new JsonObject() }];

        // text/plain alone is escaped; text/plain given as a list of lines is joined first.
        Assert.Equal("<pre class=\"output output-text\">&lt;b&gt;x&lt;/b&gt;\n</pre>\n",
            renderer.Render(Outputs(new JsonObject { ["text/plain"] = new JsonArray("<b>x</b>\n") }), page));
        // HTML is kept (cleaned of anything that could run) and tagged with its key result.
        Assert.Equal("<div class=\"output output-html output-result\" data-key=\"mse\"><b>0.5</b></div>\n",
            renderer.Render(Outputs(new JsonObject
            {
                ["text/plain"] = "mse = 0.5",
                ["text/html"] = "<b>0.5</b>",
                [LargeModelsCourse.Display.KeyResult.MimeType] = new JsonObject { ["key"] = "mse", ["value"] = 0.5 },
            }), page));
        // An SVG becomes an <img>, where a script inside it cannot run.
        Assert.StartsWith("<div class=\"output output-image\"><img src=\"data:image/svg+xml;base64,",
            renderer.Render(Outputs(new JsonObject { ["image/svg+xml"] = "<svg><script>alert(1)</script></svg>" }), page), StringComparison.Ordinal);
        // A PNG that is not base64 (an attempt to break out of the attribute) falls back to the text.
        Assert.Equal("<pre class=\"output output-text\">an image</pre>\n",
            renderer.Render(Outputs(new JsonObject { ["image/png"] = "\" onload=\"alert(1)", ["text/plain"] = "an image" }), page));
        // Errors keep their name, message and trace, escaped, without colour codes.
        var error = renderer.Render([new JsonObject
        {
            ["output_type"] = "error", ["ename"] = "Oops", ["evalue"] = "<bad>",
            ["traceback"] = new JsonArray("\u001b[31mat <cell>\u001b[0m"),
        }], page);
        Assert.Equal("<div class=\"output output-error\"><pre><strong>Oops: &lt;bad&gt;</strong>\n<span class=\"traceback\">at &lt;cell&gt;</span></pre></div>\n", error);
    }

    private static NotebookDocument Notebook(string[] markdownCells)
    {
        var cells = new JsonArray(markdownCells.Select(m => (JsonNode?)new JsonObject
        {
            ["cell_type"] = "markdown",
            ["metadata"] = new JsonObject(),
            ["source"] = m,
        }).ToArray());
        var json = new JsonObject { ["cells"] = cells, ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 };
        return NotebookDocument.Parse("test.ipynb", json.ToJsonString());
    }
}
