using System.Text.RegularExpressions;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Data;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Slides;

/// <summary>
/// The chapters' Jupyter slideshow metadata is the slide rule's output, and <c>course slides</c> writes it without
/// touching anything else in the file.
/// </summary>
public sealed partial class SlideMetadataTests
{
    private static IReadOnlyList<string> Chapters =>
        Directory.GetFiles(Repo.Notebooks, "*.ipynb").Where(f => ChapterName().IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void Every_chapters_slide_metadata_is_what_the_rule_gives()
    {
        Assert.Equal(15, Chapters.Count);
        var problems = Chapters.SelectMany(f => SlideMetadata.Compare(NotebookDocument.Load(f)).Select(d => $"{Path.GetFileName(f)}: {d}")).ToList();
        Assert.True(problems.Count == 0, "Run `dotnet course slides`:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Writing_restores_changed_or_missing_slide_types_and_nothing_else()
    {
        using var folder = new TempFolder();
        // Chapter 13 has emoji (characters beyond the Basic Multilingual Plane), which must come back unescaped.
        var source = Chapters.Single(f => Path.GetFileName(f).StartsWith("13-", StringComparison.Ordinal));
        var original = File.ReadAllText(source);
        var copy = Path.Combine(folder.Path, Path.GetFileName(source));
        File.WriteAllText(copy, original);
        Assert.Equal(0, SlideMetadata.Write(copy));
        Assert.Equal(original, File.ReadAllText(copy));

        // One cell loses its slide type, another gets a wrong one: the check names both, a write puts back the same bytes.
        var onlySlideshow = new Regex("\"metadata\": \\{\\n    \"slideshow\": \\{\\n     \"slide_type\": \"subslide\"\\n    \\}\\n   \\}");
        var changed = onlySlideshow.Replace(original, "\"metadata\": {}", 1);
        var second = changed.IndexOf("\"slide_type\": \"slide\"", changed.IndexOf("\"slide_type\": \"slide\"", StringComparison.Ordinal) + 1, StringComparison.Ordinal);
        changed = changed[..second] + "\"slide_type\": \"skip\"" + changed[(second + "\"slide_type\": \"slide\"".Length)..];
        Assert.NotEqual(original, changed);
        File.WriteAllText(copy, changed);
        var differences = SlideMetadata.Compare(NotebookDocument.Load(copy));
        Assert.Equal(2, differences.Count);
        Assert.Contains(differences, d => d.Has is null && d.Wanted == SlideType.Subslide);
        Assert.Contains(differences, d => d.Has == SlideType.Skip && d.Wanted == SlideType.Slide);

        Assert.Equal(2, SlideMetadata.Write(copy));
        Assert.Equal(original, File.ReadAllText(copy));
        Assert.Equal([Path.GetFileName(copy)], folder.Files());
    }

    [Fact]
    public void A_file_in_another_JSON_style_is_left_alone_with_a_reason()
    {
        using var folder = new TempFolder();
        var source = Chapters[0];
        var copy = Path.Combine(folder.Path, Path.GetFileName(source));
        // Two-space indentation: rewriting it would change every line, not only the metadata.
        var twoSpaces = Regex.Replace(File.ReadAllText(source), "(?m)^( +)", m => m.Value + m.Value);
        File.WriteAllText(copy, twoSpaces);

        var error = Assert.Throws<InvalidOperationException>(() => SlideMetadata.Write(copy));
        Assert.Contains("would change more than its slide metadata", error.Message, StringComparison.Ordinal);
        Assert.Equal(twoSpaces, File.ReadAllText(copy));
    }

    [GeneratedRegex(@"^\d\d-.*\.ipynb$")]
    private static partial Regex ChapterName();
}
