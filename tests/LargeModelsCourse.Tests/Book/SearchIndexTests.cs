using System.Text.Json;
using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Book;
using LargeModelsCourse.Runner.Notebooks;
using Xunit;

namespace LargeModelsCourse.Tests.Book;

/// <summary>
/// The search index each edition gets (search-index.js): sections with the anchors the pages give them, the prose
/// under them and the exercise titles, in the edition's language; never code or outputs; and no indexed text can end
/// the script or become markup.
/// </summary>
public sealed class SearchIndexTests
{
    // Markdown shows code spans as their text, so this is what a reader sees and search indexes.
    private const string Hostile = "Watch `</script><script>alert(1)</script>` and \"quotes\", 'single' & `<b>tags</b>`\u2028end.";
    private const string HostileShown = "Watch </script><script>alert(1)</script> and \"quotes\", 'single' & <b>tags</b> end.";

    [Fact]
    public void The_english_index_holds_headings_with_their_anchors_prose_and_exercise_titles_but_no_code_or_outputs()
    {
        var markdown = new MarkdownRenderer();
        var chapter = Chapter(markdown, BookStrings.English,
            "# 02 · Loss functions\n\nA model learns from a number.\n\n## Mean squared error\n\nSquaring errors. " + Hostile + "\n\n```csharp\nvar fencedCodeInProse = 1;\n```\n",
            "### Why squares\n\nBecause large errors count more.",
            "## Mean squared error\n\nThe same heading again.\n\n<details><summary>Folded</summary>Inside the fold</details>\n\n<script>var rawScriptBlock = 1;</script>\n");
        var entries = SearchIndex.Entries([chapter], BookEdition.English(null), markdown);

        Assert.Equal(["loss-functions", "mean-squared-error", "cell-c0de00000001", "why-squares", "mean-squared-error-2"],
            entries.Select(e => e.Anchor).ToArray());
        Assert.All(entries, e => Assert.Equal("02-loss-functions.html", e.Page));
        Assert.All(entries, e => Assert.Equal("02 · Loss functions", e.Chapter));
        Assert.Equal("Loss functions", entries[0].Section);
        Assert.Equal("A model learns from a number.", entries[0].Text);
        Assert.Equal("Mean squared error", entries[1].Section);
        Assert.Contains("Squaring errors.", entries[1].Text, StringComparison.Ordinal);
        Assert.Contains("</script><script>alert(1)</script>", entries[1].Text, StringComparison.Ordinal);
        // A raw HTML block counts with what the page shows of it: no tags, no script.
        Assert.Equal("The same heading again. Folded Inside the fold", entries[4].Text);
        var exercise = Assert.Single(entries, e => e.Kind == "exercise");
        Assert.Equal("2.1 MAE of the example", exercise.Section);

        var script = SearchIndex.Script(entries, "en");
        foreach (var absent in new[] { "fencedCodeInProse", "secretVariable", "printedByTheCell", "a direction only", "rawScriptBlock" })
            Assert.DoesNotContain(absent, script, StringComparison.Ordinal);
    }

    [Fact]
    public void The_script_keeps_any_text_inside_its_string_and_round_trips_it()
    {
        var markdown = new MarkdownRenderer();
        var chapter = Chapter(markdown, BookStrings.English, "# 02 · Loss functions\n\n## Mean squared error\n\n" + Hostile);
        var script = SearchIndex.Script(SearchIndex.Entries([chapter], BookEdition.English(null), markdown), "en");

        // Nothing that could close a <script> element, start markup, or end a string early; U+2028 would end a line in old engines.
        Assert.DoesNotContain("<", script, StringComparison.Ordinal);
        Assert.DoesNotContain(">", script, StringComparison.Ordinal);
        Assert.DoesNotContain("&", script, StringComparison.Ordinal);
        Assert.DoesNotContain("'", script, StringComparison.Ordinal);
        Assert.DoesNotContain("\u2028", script, StringComparison.Ordinal);
        Assert.DoesNotContain("\"quotes\"", script, StringComparison.Ordinal);
        Assert.Contains("\\u003C/script\\u003E", script, StringComparison.Ordinal);

        // The script is one assignment of JSON, and the JSON gives back the very text.
        const string start = "window." + SearchIndex.Global + " = ";
        var at = script.IndexOf(start, StringComparison.Ordinal);
        Assert.True(at >= 0, "the script sets the global search.js reads");
        var json = script[(at + start.Length)..].TrimEnd().TrimEnd(';');
        var index = JsonNode.Parse(json)!.AsObject();
        Assert.Equal("en", index["language"]!.GetValue<string>());
        var text = index["entries"]!.AsArray().Select(e => e!["t"]!.GetValue<string>()).Single(t => t.Length > 0);
        Assert.Equal(HostileShown, text);
    }

    [Fact]
    public void The_chinese_index_holds_the_translated_text_under_the_english_anchors()
    {
        var markdown = new MarkdownRenderer();
        var english = "# 02 · Loss functions\n\n## Mean squared error\n\nSquaring errors.";
        var chinese = Chapter(markdown, BookStrings.ChineseSimplified,
            "# 02 · 损失函数\n\n模型从**损失函数**给出的一个数中学习。\n\n## 均方误差\n\n把误差平方。");
        var ids = new Dictionary<string, IReadOnlyList<string>> { ["d0c000000001"] = markdown.HeadingSlugs(english) };
        var edition = new BookEdition(BookStrings.ChineseSimplified, "zh-CN", BookStrings.English,
            (_, cell) => ids.GetValueOrDefault(cell), ExerciseTitle: (_, title) => title == "2.1 MAE of the example" ? "2.1 示例的平均绝对误差" : null);
        var entries = SearchIndex.Entries([chinese], edition, markdown);

        Assert.Equal(["loss-functions", "mean-squared-error", "cell-c0de00000001"], entries.Select(e => e.Anchor).ToArray());
        Assert.Equal("损失函数", entries[0].Section);
        Assert.Equal("模型从损失函数给出的一个数中学习。", entries[0].Text);
        Assert.Equal("均方误差", entries[1].Section);
        Assert.Equal("2.1 示例的平均绝对误差", entries[2].Section);
        var script = SearchIndex.Script(entries, "zh-CN");
        // Chinese stays readable in the file (half the bytes of \u escapes), and the code stays out.
        Assert.Contains("把误差平方。", script, StringComparison.Ordinal);
        Assert.Contains("\"language\":\"zh-CN\"", script, StringComparison.Ordinal);
        Assert.DoesNotContain("secretVariable", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_anchor_in_the_fixture_books_index_is_an_id_on_its_page()
    {
        var book = BookSite.FixtureBook;
        var script = File.ReadAllText(Path.Combine(book.OutputFolder, SearchIndex.FileName));
        var json = JsonNode.Parse(script[script.IndexOf('{', StringComparison.Ordinal)..(script.LastIndexOf('}') + 1)])!;
        var entries = json["entries"]!.AsArray();
        Assert.True(entries.Count > 3, "the fixture chapters have sections");
        foreach (var entry in entries)
        {
            var page = Uri.UnescapeDataString(entry!["p"]!.GetValue<string>());
            var anchor = entry["a"]!.GetValue<string>();
            var html = File.ReadAllText(Path.Combine(book.OutputFolder, page));
            if (anchor.Length > 0) Assert.Contains($"id=\"{anchor}\"", html, StringComparison.Ordinal);
        }
        Assert.Contains($"<script defer src=\"{BookAssets.SearchJs}\"></script>", File.ReadAllText(Path.Combine(book.OutputFolder, "index.html")), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(book.OutputFolder, BookAssets.SearchJs)), "the site carries search.js");
    }

    // A chapter of Markdown cells (ids d0c000000001, …) and, after the first, one executed code cell with an exercise check.
    private static Chapter Chapter(MarkdownRenderer markdown, BookStrings words, params string[] markdownCells)
    {
        var cells = new JsonArray();
        for (var i = 0; i < markdownCells.Length; i++)
        {
            cells.Add(new JsonObject { ["cell_type"] = "markdown", ["id"] = $"d0c00000000{i + 1}", ["metadata"] = new JsonObject(), ["source"] = markdownCells[i] });
            if (i == 0)
            {
                cells.Add(new JsonObject
                {
                    ["cell_type"] = "code",
                    ["id"] = "c0de00000001",
                    ["execution_count"] = 1,
                    ["metadata"] = new JsonObject { ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" } },
                    ["source"] = "var secretVariable = 42;\nExercise.Check(\"2.1 MAE of the example\", secretVariable, hint: \"a direction only\");",
                    ["outputs"] = new JsonArray(new JsonObject { ["output_type"] = "stream", ["name"] = "stdout", ["text"] = "printedByTheCell\n" }),
                });
            }
        }
        var json = new JsonObject
        {
            ["cells"] = cells,
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
            ["metadata"] = new JsonObject { ["kernelspec"] = new JsonObject { ["name"] = ".net-csharp", ["language"] = "C#" } },
        };
        var notebook = NotebookDocument.Parse("/tmp/02-loss-functions.ipynb", json.ToJsonString(new JsonSerializerOptions()));
        return new ChapterLoader(markdown).ToChapter(notebook, words, new List<string>());
    }
}
