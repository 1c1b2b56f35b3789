using System.Text.Json.Nodes;
using LargeModelsCourse.Exercises;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Runner.Translate;
using LargeModelsCourse.Tests.Runner;
using LargeModelsCourse.Tests.Support;
using LargeModelsCourse.Translation;

namespace LargeModelsCourse.Tests.Translation;

/// <summary>
/// `course translate --lang zh-CN` writes Chinese notebooks that keep every code cell (the setup cell gains one line)
/// and run green through the runner, with exercise cards in Chinese.
/// </summary>
public class TranslatedNotebookTests
{
    private const string Language = CourseLanguage.ChineseSimplified;
    private static readonly string[] Chapters = ["00-start-here", "02-loss-functions"];

    private static readonly Lazy<string> Written = new(() =>
    {
        var output = Path.Combine(Repo.Artifacts, "translate", Language);
        if (Directory.Exists(output)) Directory.Delete(output, recursive: true);
        var (exitCode, text) = CourseCommandTests.Course(["translate", "--lang", Language, "--out", output, .. Chapters.Select(c => Path.Combine(Repo.Notebooks, c + ".ipynb"))]);
        Assert.True(exitCode == 0, text);
        return output;
    });

    [Fact]
    public void The_translated_notebooks_keep_every_code_cell_and_have_chinese_markdown()
    {
        foreach (var chapter in Chapters)
        {
            var source = NotebookDocument.Load(Path.Combine(Repo.Notebooks, chapter + ".ipynb"));
            var translated = NotebookDocument.Load(Path.Combine(Written.Value, chapter + ".ipynb"));
            Assert.Equal(source.Cells.Select(c => (c.Id, c.CellType)), translated.Cells.Select(c => (c.Id, c.CellType)));
            var setup = source.Cells.First(c => c.IsCSharp).Id;
            foreach (var (en, zh) in source.Cells.Zip(translated.Cells))
            {
                if (en.CellType == "code" && en.Id == setup)
                {
                    // One line more, and it is the language switch.
                    var added = zh.Source.Split('\n').ToList();
                    var index = added.IndexOf(NotebookTranslator.SetupLine(Language));
                    Assert.True(index >= 0, $"{chapter}: the setup cell lacks `{NotebookTranslator.SetupLine(Language)}`");
                    added.RemoveAt(index);
                    Assert.Equal(en.Source, string.Join('\n', added));
                }
                else if (en.CellType == "code") Assert.Equal(en.Source, zh.Source);
                else
                {
                    Assert.NotEqual(en.Source, zh.Source);
                    Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", zh.Source);
                }
            }
            Assert.Equal(Language, translated.Root["metadata"]!["largemodelscourse"]!["language"]!.GetValue<string>());
            Assert.StartsWith(chapter[..2] + " · ", translated.Title, StringComparison.Ordinal);
        }
        Assert.True(File.Exists(Path.Combine(Written.Value, "solutions", "00-start-here.md")), "the solutions are copied beside the translated notebooks");
        Assert.False(File.Exists(Path.Combine(Repo.Notebooks, "translations", Language, "00-start-here.ipynb")));
    }

    [Theory]
    [InlineData("00-start-here")]
    [InlineData("02-loss-functions")]
    public async Task A_translated_notebook_runs_green_and_its_exercise_cards_speak_chinese(string chapter)
    {
        var notebook = NotebookDocument.Load(Path.Combine(Written.Value, chapter + ".ipynb"));
        var result = await new NotebookRunner(TimeSpan.FromMinutes(5)).RunAsync(notebook);
        Assert.True(result.Status == RunStatus.Succeeded, result.FailureMessage);

        var translation = TranslationFile.Load(Path.Combine(CourseLanguage.Folder(Repo.Notebooks, Language), chapter + ".md"));
        var cards = result.Executed.ToJson()["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(o => o["data"] as JsonObject).OfType<JsonObject>()
            .Where(d => d[Exercise.MimeType] is not null).ToList();
        Assert.True(cards.Count >= 3, $"{chapter} shows {cards.Count} exercise cards");
        foreach (var card in cards)
        {
            var facts = card[Exercise.MimeType]!.AsObject();
            var id = facts["id"]!.GetValue<string>();
            Assert.False(facts["correct"]!.GetValue<bool>(), $"{id}: the placeholder must not pass");
            Assert.Equal(Language, facts["language"]!.GetValue<string>());
            var number = TranslationKey.NumberOf(id);
            var hint = translation.Find(TranslationKey.Exercise(number, "hint"))!.Text;
            var title = translation.Find(TranslationKey.Exercise(number, "title"))!.Text;
            var html = card["text/html"]!.GetValue<string>();
            Assert.Contains(System.Net.WebUtility.HtmlEncode(hint), html, StringComparison.Ordinal);
            Assert.Contains($"<b>练习 {System.Net.WebUtility.HtmlEncode(title)}</b>", html, StringComparison.Ordinal);
            Assert.Contains("⏳ 还不对", html, StringComparison.Ordinal);
            Assert.Contains(hint, card["text/plain"]!.GetValue<string>(), StringComparison.Ordinal);
            // The machine-readable facts stay in English: the id is the exercise's key.
            Assert.DoesNotMatch(@"\p{IsCJKUnifiedIdeographs}", id);
        }
    }

    [Fact]
    public void A_language_the_course_does_not_have_is_refused()
    {
        var (exitCode, text) = CourseCommandTests.Course("translate", "--lang", "fr", "--check");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("zh-CN", text, StringComparison.Ordinal);
    }
}
