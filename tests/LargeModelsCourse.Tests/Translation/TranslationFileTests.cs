using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Runner.Translate;
using LargeModelsCourse.Tests.Support;
using LargeModelsCourse.Translation;

namespace LargeModelsCourse.Tests.Translation;

/// <summary>The translation files' reader and fingerprints, against known hashes and the translators' own skeleton script.</summary>
public class TranslationFileTests
{
    private static string Skeleton => Path.Combine(Repo.Root, "scripts", "translate", "skeleton.py");

    [Fact]
    public void A_fingerprint_is_the_start_of_the_texts_sha256()
    {
        // sha256("hello") = 2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824 (FIPS 180-4 test vectors list it too).
        Assert.Equal("2cf24dba5fb0", Fingerprint.Of("hello"));
        // UTF-8 bytes, not UTF-16: sha256("损失") starts 5c0b…, computed with Python's hashlib.
        Assert.Equal(Python.Run("import hashlib,sys; print(hashlib.sha256(sys.argv[1].encode('utf-8')).hexdigest()[:12])", ["损失函数\n"]).Output.Trim(),
            Fingerprint.Of("损失函数\n"));
        Assert.NotEqual(Fingerprint.Of("a\n"), Fingerprint.Of("a"));
    }

    [Theory]
    [InlineData("00")]
    [InlineData("02")]
    [InlineData("03")]
    [InlineData("10")]
    public void The_chapters_texts_and_fingerprints_are_those_the_translators_skeleton_writes(string chapter)
    {
        var path = Directory.GetFiles(Repo.Notebooks, chapter + "*.ipynb").Single();
        var (exitCode, skeleton) = Python.Run(
            "import sys; sys.argv = sys.argv[1:]; exec(compile(open(sys.argv[0], encoding='utf-8').read(), sys.argv[0], 'exec'))",
            [Skeleton, path]);
        Assert.True(exitCode == 0, skeleton);
        // The skeleton is itself a translation file whose texts are the English: read it as one.
        var file = TranslationFile.Parse(skeleton, Path.GetFileNameWithoutExtension(path) + ".md");
        var texts = ChapterStrings.Of(NotebookDocument.Load(path));
        Assert.Equal(file.Entries.Select(e => (e.Key, e.Fingerprint)), texts.Select(t => (t.Key, t.Fingerprint)));
        Assert.Equal(file.Entries.Select(e => e.Text), texts.Select(t => t.English.Trim('\n')));
        Assert.Contains(texts, t => t.Key.EndsWith(" hint", StringComparison.Ordinal));
    }

    [Fact]
    public void A_file_is_read_into_entries_with_their_text_trimmed_of_blank_lines()
    {
        var file = TranslationFile.Parse("""
            <!-- translation of 02-loss-functions into zh-CN -->

            <!-- cell 0a1b2c3d4e5f · en 0123456789ab -->
            # 02 · 损失函数

            第二段。

            <!-- exercise 2.1 title · en abcdefabcdef -->
            2.1 示例的平均绝对误差

            """, "/x/02-loss-functions.md");
        Assert.Equal(["cell 0a1b2c3d4e5f", "exercise 2.1 title"], file.Entries.Select(e => e.Key));
        Assert.Equal("# 02 · 损失函数\n\n第二段。", file.Entries[0].Text);
        Assert.Equal(3, file.Entries[0].Line);
        Assert.Equal("2.1 示例的平均绝对误差", file.Entries[1].Text);
        // Current only when the English it was made from is the English given.
        Assert.Null(file.Current("exercise 2.1 title", "2.1 MAE of the example"));
        var current = TranslationFile.Parse($"<!-- exercise 2.1 title · en {Fingerprint.Of("2.1 MAE of the example")} -->\n2.1 示例的平均绝对误差\n", "02-loss-functions.md");
        Assert.Equal("2.1 示例的平均绝对误差", current.Current("exercise 2.1 title", "2.1 MAE of the example"));
    }

    [Theory]
    [InlineData("前言\n<!-- cell a · en 0123456789ab -->\n文", ":1: text comes before the first marker line")]
    [InlineData("<!-- cell a · en 0123456789AB -->\n文", ":1: `<!-- cell a · en 0123456789AB -->` is not a marker line")]
    [InlineData("<!-- cell a · en 0123456789ab -->\n文\n<!-- note to self -->", ":3: `<!-- note to self -->` is not a marker line")]
    [InlineData("<!-- cell a · en 0123456789ab -->\n文\n\n<!-- cell a · en 0123456789ab -->\n又", ":4: `cell a` is translated twice (also at line 1)")]
    [InlineData("<!-- cell a · en 0123456789ab -->\n\n<!-- cell b · en 0123456789ab -->\n文", ":1: `cell a` has no text")]
    [InlineData("<!-- exercise 2.1 answer · en 0123456789ab -->\n文", ":1: `answer` is not a part of an exercise")]
    [InlineData("<!-- translation of 03-gradient-descent into zh-CN -->\n<!-- cell a · en 0123456789ab -->\n文", ":1: the file says it translates 03-gradient-descent, but it is named 02-loss-functions.md")]
    public void A_malformed_file_is_refused_naming_file_line_problem_and_fix(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TranslationFile.Parse(text, "translations/zh-CN/02-loss-functions.md"));
        Assert.StartsWith("translations/zh-CN/02-loss-functions.md:", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        // Every message says what to do, after the problem.
        Assert.Matches(@": [^:]+: .+\.$", error.Message);
    }
}
