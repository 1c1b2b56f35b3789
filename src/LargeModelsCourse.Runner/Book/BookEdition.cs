namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// One language's edition of the book: its interface words, where its pages sit in the site (the English edition
/// at the root, a translation in a folder named for its language, sharing the root's assets), and where the other
/// edition's page of the same name is, for the language switch.
/// </summary>
/// <param name="Strings">The interface words.</param>
/// <param name="Folder">The edition's folder in the site: "" for English, "zh-CN" for Chinese.</param>
/// <param name="Other">The other edition's interface words (the switch names its language), or null when the book has one edition.</param>
/// <param name="HeadingIds">
/// For a translation: the ids of a Markdown cell's headings in the English edition (by chapter and cell id), so that a
/// section has the same anchor in both editions and the switch lands on it; null for the English edition.
/// </param>
/// <param name="HasGlossary">True when the edition has a glossary page.</param>
internal sealed record BookEdition(BookStrings Strings, string Folder, BookStrings? Other,
    Func<string, string, IReadOnlyList<string>?>? HeadingIds = null, bool HasGlossary = false)
{
    /// <summary>The English edition, alone or with translations beside it.</summary>
    public static BookEdition English(BookStrings? other) => new(BookStrings.English, "", other);

    /// <summary>From a page of this edition to the site's root (where assets/ is).</summary>
    public string ToRoot => Folder.Length == 0 ? "" : "../";

    /// <summary>From a page of this edition to the other edition's folder.</summary>
    public string ToOther => Folder.Length == 0 ? (Other is null ? "" : Other.Language + "/") : "../";

    /// <summary>The page of the glossary (in editions that have one).</summary>
    public const string GlossaryPage = "glossary.html";
}
