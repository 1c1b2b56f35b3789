namespace LargeModelsCourse.Runner.Hosting;

/// <summary>Where the course's folders are: found from the working directory upwards (the folder holding LargeModelsCourse.sln).</summary>
public static class CoursePaths
{
    /// <summary>The repository root, or the working directory when the course is not checked out here.</summary>
    public static string Root { get; } = CourseRoot.Find(Environment.CurrentDirectory) ?? Environment.CurrentDirectory;

    /// <summary>The chapters.</summary>
    public static string Notebooks => Path.Combine(Root, "notebooks");

    /// <summary>Where executed notebooks go by default (never the source folder).</summary>
    public static string Executed => Path.Combine(Root, "artifacts", "executed");

    /// <summary>Expands folders and file arguments into the notebooks to run, in chapter order.</summary>
    public static IReadOnlyList<string> ExpandNotebooks(IEnumerable<string> arguments)
    {
        var list = arguments.ToList();
        if (list.Count == 0) list.Add(Notebooks);
        var files = new List<string>();
        foreach (var argument in list)
        {
            if (Directory.Exists(argument))
                files.AddRange(Directory.GetFiles(argument, "*.ipynb").OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal));
            else files.Add(argument);
        }
        return files.Select(Path.GetFullPath).Distinct().ToList();
    }
}
