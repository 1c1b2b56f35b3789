using System.Text.RegularExpressions;

namespace LargeModelsCourse.Translation;

/// <summary>One translated text of a chapter.</summary>
/// <param name="Key">What it translates (<see cref="TranslationKey"/>).</param>
/// <param name="Fingerprint">The <see cref="Translation.Fingerprint"/> of the English text it was translated from.</param>
/// <param name="Text">The translation: everything up to the next marker, without leading and trailing blank lines.</param>
/// <param name="Line">The 1-based line of its marker, for messages.</param>
public sealed record TranslationEntry(string Key, string Fingerprint, string Text, int Line);

/// <summary>
/// A chapter's translation file, <c>notebooks/translations/LANG/NN-name.md</c>: entries separated by marker lines
/// <c>&lt;!-- cell ID · en FINGERPRINT --&gt;</c> and <c>&lt;!-- exercise N.M title|hint|requirement · en FINGERPRINT --&gt;</c>,
/// each followed by its translated text; an optional first line <c>&lt;!-- translation of NN-name into LANG --&gt;</c>.
/// The format is the one the translators' skeleton writes, so it reviews well as a diff. Taught in chapter 00.
/// </summary>
public sealed partial class TranslationFile
{
    private readonly Dictionary<string, TranslationEntry> byKey;

    private TranslationFile(string path, IReadOnlyList<TranslationEntry> entries)
    {
        Path = path;
        Entries = entries;
        byKey = entries.ToDictionary(e => e.Key, StringComparer.Ordinal);
    }

    /// <summary>Where the file was read from.</summary>
    public string Path { get; }

    /// <summary>The entries in file order.</summary>
    public IReadOnlyList<TranslationEntry> Entries { get; }

    /// <summary>The entry for <paramref name="key"/>, or null.</summary>
    public TranslationEntry? Find(string key) => byKey.GetValueOrDefault(key);

    /// <summary>The translation of <paramref name="key"/> when it was made from exactly <paramref name="english"/>, else null.</summary>
    public string? Current(string key, string english) =>
        Find(key) is { } entry && entry.Fingerprint == Fingerprint.Of(english) ? entry.Text : null;

    /// <summary>Reads a translation file.</summary>
    /// <exception cref="FormatException">The file is malformed; the message names the file and line, what is wrong and what to do.</exception>
    public static TranslationFile Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new FormatException($"{path}: the translation file cannot be read ({e.Message})."); }
        return Parse(text, path);
    }

    /// <summary>Parses a translation file's text; <paramref name="path"/> names it in errors (its file name is the chapter's).</summary>
    /// <exception cref="FormatException">The text is malformed.</exception>
    public static TranslationFile Parse(string text, string path)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var entries = new List<TranslationEntry>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var chapter = System.IO.Path.GetFileNameWithoutExtension(path);
        (string Key, string Fingerprint, int Line)? open = null;
        var body = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            if (!line.StartsWith("<!--", StringComparison.Ordinal))
            {
                if (open is null && line.Trim().Length > 0)
                    throw Error(number, "text comes before the first marker line", "start every entry with its marker, e.g. `<!-- cell 0a1b2c3d4e5f · en 0123456789ab -->`, as the skeleton writes it");
                body.Add(line);
                continue;
            }
            if (Header().Match(line) is { Success: true } header)
            {
                if (open is not null || entries.Count > 0)
                    throw Error(number, "the `<!-- translation of … -->` line may only be the file's first line", "move it to the top or delete it");
                if (header.Groups["chapter"].Value != chapter)
                    throw Error(number, $"the file says it translates {header.Groups["chapter"].Value}, but it is named {chapter}.md", $"rename the file to {header.Groups["chapter"].Value}.md, or correct the line");
                continue;
            }
            var marker = Marker().Match(line);
            if (!marker.Success)
                throw Error(number, $"`{Shorten(line)}` is not a marker line", "a marker is exactly `<!-- cell ID · en FINGERPRINT -->` or `<!-- exercise N.M title|hint|requirement · en FINGERPRINT -->` (12 lower-case hex digits); a translation's own text never starts a line with `<!--`");
            Close();
            var key = marker.Groups["key"].Value;
            if (marker.Groups["part"].Success && !TranslationKey.ExerciseParts.Contains(marker.Groups["part"].Value))
                throw Error(number, $"`{marker.Groups["part"].Value}` is not a part of an exercise", "use title, hint or requirement");
            if (seen.TryGetValue(key, out var earlier))
                throw Error(number, $"`{key}` is translated twice (also at line {earlier})", "keep one entry per cell and exercise part");
            seen[key] = number;
            open = (key, marker.Groups["fp"].Value, number);
        }
        Close();
        return new TranslationFile(path, entries);

        void Close()
        {
            if (open is { } entry)
            {
                var translated = string.Join('\n', body).Trim('\n');
                if (translated.Trim().Length == 0)
                    throw Error(entry.Line, $"`{entry.Key}` has no text", "write its translation under the marker (or copy the English text there until it is translated)");
                entries.Add(new TranslationEntry(entry.Key, entry.Fingerprint, translated, entry.Line));
            }
            open = null;
            body.Clear();
        }

        FormatException Error(int line, string what, string todo) => new($"{path}:{line}: {what}: {todo}.");
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..77] + "…";

    [GeneratedRegex(@"^<!-- (?<key>cell \S+|exercise \S+ (?<part>\w+)) · en (?<fp>[0-9a-f]{12}) -->$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^<!-- translation of (?<chapter>\S+) into \S+ -->$")]
    private static partial Regex Header();
}
