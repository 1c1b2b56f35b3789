namespace LargeModelsCourse.Translation;

/// <summary>
/// The translated exercise titles, requirements and hints of every chapter in one language, read from the
/// translation files beside the notebooks, for the exercise cards a live session shows. A string whose English has
/// changed since it was translated (its fingerprint differs) is not used: the card shows the English.
/// </summary>
public sealed class ExerciseTranslations
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, (DateTime Stamp, ExerciseTranslations Book)> Cache = new(StringComparer.Ordinal);

    private readonly Dictionary<string, TranslationEntry> entries;

    private ExerciseTranslations(Dictionary<string, TranslationEntry> entries) => this.entries = entries;

    /// <summary>No translations: every card shows its English.</summary>
    public static ExerciseTranslations None { get; } = new([]);

    /// <summary>How many exercise strings are translated.</summary>
    public int Count => entries.Count;

    /// <summary>
    /// The translation of <paramref name="english"/>, part <paramref name="part"/> (title, hint, requirement) of the exercise
    /// whose id is <paramref name="exerciseId"/>, when one was made from exactly that English; otherwise null.
    /// </summary>
    public string? Find(string exerciseId, string part, string english) =>
        entries.TryGetValue(TranslationKey.Exercise(TranslationKey.NumberOf(exerciseId), part), out var entry)
        && entry.Fingerprint == Fingerprint.Of(english) ? entry.Text : null;

    /// <summary>
    /// The exercise translations in <paramref name="notebookFolder"/>/translations/<paramref name="language"/>/*.md
    /// (read again when a file changes); <see cref="None"/> when there is no such folder.
    /// </summary>
    /// <exception cref="FormatException">A translation file is malformed.</exception>
    public static ExerciseTranslations For(string notebookFolder, string language)
    {
        var folder = CourseLanguage.Folder(Path.GetFullPath(notebookFolder), language);
        if (!Directory.Exists(folder)) return None;
        var files = Directory.GetFiles(folder, "*.md").Where(f => Path.GetFileName(f) != "glossary.md")
            .OrderBy(f => f, StringComparer.Ordinal).ToList();
        var stamp = files.Select(File.GetLastWriteTimeUtc).DefaultIfEmpty().Max();
        lock (Gate)
        {
            if (Cache.TryGetValue(folder, out var cached) && cached.Stamp == stamp) return cached.Book;
        }
        var all = new Dictionary<string, TranslationEntry>(StringComparer.Ordinal);
        foreach (var file in files)
            foreach (var entry in TranslationFile.Load(file).Entries.Where(e => e.Key.StartsWith("exercise ", StringComparison.Ordinal)))
                all.TryAdd(entry.Key, entry);
        var book = new ExerciseTranslations(all);
        lock (Gate) Cache[folder] = (stamp, book);
        return book;
    }
}
