using LargeModelsCourse.Runner.Book;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Book;

/// <summary>Builds books for the tests under artifacts/tests/book.</summary>
public static class BookSite
{
    /// <summary>Where the book tests write sites and screenshots.</summary>
    public static string Artifacts => Path.Combine(Repo.Artifacts, "book");

    /// <summary>The executed fixture notebooks (see tests/fixtures/book/README.md).</summary>
    public static string FixtureNotebooks => Path.Combine(Repo.Fixtures, "book", "executed");

    /// <summary>The npm packages the book copies (scripts/setup.sh installs them).</summary>
    public static string NodeModules => Path.Combine(Repo.Root, "node_modules");

    private static readonly Lazy<BookResult> Fixture = new(() => Build(FixtureNotebooks, "fixture-site"));

    /// <summary>The fixture book, built once per test run.</summary>
    public static BookResult FixtureBook => Fixture.Value;

    /// <summary>The course's translations (notebooks/translations): each language found there gets its edition.</summary>
    public static string Translations => Path.Combine(Repo.Notebooks, LargeModelsCourse.Translation.CourseLanguage.FolderName);

    /// <summary>
    /// Builds a book from <paramref name="executed"/> into artifacts/tests/book/<paramref name="name"/>, with the editions
    /// of the translations in <paramref name="translations"/> when given.
    /// </summary>
    public static BookResult Build(string executed, string name, string? translations = null) =>
        BookBuilder.Build(new BookOptions(executed, Path.Combine(Artifacts, name), NodeModules, translations));

    /// <summary>Every HTML page of a built book.</summary>
    public static IReadOnlyList<string> Pages(BookResult book) =>
        Directory.GetFiles(book.OutputFolder, "*.html").OrderBy(p => p, StringComparer.Ordinal).ToList();
}
