namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// What rendering one HTML page keeps track of: the element ids already used (headings from different cells
/// must not collide), the charts placed so far, the page's sections for the sidebar, and where the other
/// chapters' pages are, so links between notebooks become links between pages.
/// </summary>
internal sealed class PageContext(string chapterName, IReadOnlyDictionary<string, string> pages, IList<string> warnings,
    string idPrefix = "")
{
    private readonly HashSet<string> ids = new(StringComparer.Ordinal);
    private readonly List<(string Id, string Text)> sections = [];
    private readonly Dictionary<string, (string Id, string Text)> cellSections = new(StringComparer.Ordinal);

    /// <summary>The notebook being rendered (named in warnings).</summary>
    public string ChapterName { get; } = chapterName;

    /// <summary>Notebook file name (<c>03-x.ipynb</c>) to page file name (<c>03-x.html</c>).</summary>
    public IReadOnlyDictionary<string, string> Pages { get; } = pages;

    /// <summary>
    /// Prepended to every id on the page: empty on a chapter's own page, the chapter's name on the
    /// whole-book page, where every chapter's headings live side by side.
    /// </summary>
    public string IdPrefix { get; } = idPrefix;

    /// <summary>
    /// For a translated edition: the English edition's heading ids of a Markdown cell (by cell id), given to its
    /// headings in order so that anchors are the same in both editions; null for the English edition.
    /// </summary>
    public Func<string, IReadOnlyList<string>?>? HeadingIds { get; init; }

    /// <summary>The page's <c>##</c> sections in order, for the sidebar.</summary>
    public IReadOnlyList<(string Id, string Text)> Sections => sections;

    /// <summary>How many charts the page has.</summary>
    public int Charts { get; private set; }

    /// <summary>True when a formula appears on the page.</summary>
    public bool HasMath { get; set; }

    /// <summary>Records a problem the author should know about; the build goes on.</summary>
    public void Warn(string message) => warnings.Add($"{ChapterName}: {message}");

    /// <summary>An id not used on the page yet: <paramref name="wanted"/>, or it with -2, -3… appended.</summary>
    public string UniqueId(string wanted)
    {
        var id = IdPrefix + wanted;
        for (var n = 2; !ids.Add(id); n++) id = $"{IdPrefix}{wanted}-{n}";
        return id;
    }

    /// <summary>Adds a section heading to the sidebar list.</summary>
    public void AddSection(string id, string text) => sections.Add((id, text));

    /// <summary>
    /// The first <c>##</c> section each Markdown cell opened on the page, by cell id: where the contents page links to reach
    /// a section (a deep dive) whose anchor this page chose.
    /// </summary>
    public IReadOnlyDictionary<string, (string Id, string Text)> CellSections => cellSections;

    /// <summary>Records the first section a cell opened (later calls for the same cell are ignored).</summary>
    public void AddCellSection(string cellId, (string Id, string Text) section) => cellSections.TryAdd(cellId, section);

    /// <summary>The id for the next chart's figure data.</summary>
    public string NextChartId() => UniqueId($"figure-{++Charts}");
}
