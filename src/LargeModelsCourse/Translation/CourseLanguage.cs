namespace LargeModelsCourse.Translation;

/// <summary>The languages the course is written in: English (the source) and the translations beside it.</summary>
public static class CourseLanguage
{
    /// <summary>The notebooks' own language.</summary>
    public const string English = "en";

    /// <summary>Simplified Chinese.</summary>
    public const string ChineseSimplified = "zh-CN";

    /// <summary>Every language the course can show, the source first.</summary>
    public static readonly IReadOnlyList<string> All = [English, ChineseSimplified];

    /// <summary>The folder beside the notebooks that holds the translations, one subfolder per language.</summary>
    public const string FolderName = "translations";

    /// <summary>The language code as the course spells it ("zh-cn" → "zh-CN").</summary>
    /// <exception cref="ArgumentException">The course has no such language; the message lists those it has.</exception>
    public static string Normalize(string language) =>
        All.FirstOrDefault(l => string.Equals(l, language?.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"the course has no \"{language}\" edition: use one of {string.Join(", ", All)}", nameof(language));

    /// <summary>The translations folder of <paramref name="language"/> beside the notebooks in <paramref name="notebookFolder"/>.</summary>
    public static string Folder(string notebookFolder, string language) => Path.Combine(notebookFolder, FolderName, language);
}
