using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Translation;

namespace LargeModelsCourse.Runner.Translate;

/// <summary>Whether a text of a chapter has a translation that can be shown.</summary>
public enum TranslationState
{
    /// <summary>Translated from the English as it is now.</summary>
    Current,
    /// <summary>Translated, but the English has changed since (its fingerprint differs).</summary>
    Stale,
    /// <summary>Not translated.</summary>
    Missing,
}

/// <summary>One text of a chapter and the state of its translation.</summary>
/// <param name="Text">The English text.</param>
/// <param name="State">Current, stale or missing.</param>
/// <param name="Entry">The translation entry, when there is one.</param>
public sealed record TranslatedText(EnglishText Text, TranslationState State, TranslationEntry? Entry)
{
    /// <summary>What a reader is shown: the translation when current, else the English.</summary>
    public string Shown => State == TranslationState.Current ? Entry!.Text : Text.English;
}

/// <summary>A chapter's translation into one language, compared with the chapter as it is now.</summary>
public sealed class ChapterTranslation
{
    private readonly Dictionary<string, TranslatedText> byKey;

    private ChapterTranslation(string chapter, string language, string? file, IReadOnlyList<TranslatedText> texts, IReadOnlyList<TranslationEntry> unused)
    {
        Chapter = chapter;
        Language = language;
        File = file;
        Texts = texts;
        Unused = unused;
        byKey = texts.ToDictionary(t => t.Text.Key, StringComparer.Ordinal);
    }

    /// <summary>The chapter's name, e.g. <c>02-loss-functions</c>.</summary>
    public string Chapter { get; }

    /// <summary>The language.</summary>
    public string Language { get; }

    /// <summary>The translation file, or null when the chapter has none.</summary>
    public string? File { get; }

    /// <summary>Every text of the chapter with its state, in order.</summary>
    public IReadOnlyList<TranslatedText> Texts { get; }

    /// <summary>Entries of the file that translate nothing in the chapter now (a deleted cell, a renumbered exercise).</summary>
    public IReadOnlyList<TranslationEntry> Unused { get; }

    /// <summary>The texts that are stale or missing.</summary>
    public IEnumerable<TranslatedText> Problems => Texts.Where(t => t.State != TranslationState.Current);

    /// <summary>The text with key <paramref name="key"/>, or null.</summary>
    public TranslatedText? Find(string key) => byKey.GetValueOrDefault(key);

    /// <summary>Compares <paramref name="notebook"/> with its translation file <paramref name="file"/> (null: none).</summary>
    public static ChapterTranslation Compare(NotebookDocument notebook, string language, TranslationFile? file)
    {
        var texts = ChapterStrings.Of(notebook).Select(text =>
        {
            var entry = file?.Find(text.Key);
            var state = entry is null ? TranslationState.Missing
                : entry.Fingerprint == text.Fingerprint ? TranslationState.Current : TranslationState.Stale;
            return new TranslatedText(text, state, entry);
        }).ToList();
        var keys = texts.Select(t => t.Text.Key).ToHashSet(StringComparer.Ordinal);
        var unused = file?.Entries.Where(e => !keys.Contains(e.Key)).ToList() ?? [];
        return new ChapterTranslation(notebook.Name, language, file?.Path, texts, unused);
    }

    /// <summary>
    /// Reads the translation of <paramref name="notebook"/> from <paramref name="translationsFolder"/>/NN-name.md and compares.
    /// </summary>
    /// <exception cref="FormatException">The translation file is malformed.</exception>
    public static ChapterTranslation Load(NotebookDocument notebook, string language, string translationsFolder)
    {
        var path = Path.Combine(translationsFolder, notebook.Name + ".md");
        return Compare(notebook, language, System.IO.File.Exists(path) ? TranslationFile.Load(path) : null);
    }

    /// <summary>"02-loss-functions · cell 3f2a… (stale)" lines, one per problem.</summary>
    public IEnumerable<string> Describe() => Problems.Select(p =>
        $"{Chapter} · {p.Text.Key} ({(p.State == TranslationState.Stale ? $"stale: the English changed since it was translated at {Path.GetFileName(File)}:{p.Entry!.Line}" : "missing")})");
}
