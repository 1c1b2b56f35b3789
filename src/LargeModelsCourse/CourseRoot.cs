namespace LargeModelsCourse;

/// <summary>
/// Finds the course's checkout: the folder holding <c>LargeModelsCourse.sln</c>. The one rule every host (runner,
/// kernel, export, data locator, tests) uses to find notebooks, datasets and artifacts.
/// </summary>
public static class CourseRoot
{
    /// <summary>The file that marks the root of a checkout.</summary>
    public const string MarkerFile = "LargeModelsCourse.sln";

    /// <summary>The folder holding <see cref="MarkerFile"/> at or above <paramref name="start"/>, or null.</summary>
    public static string? Find(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, MarkerFile))) return dir.FullName;
        return null;
    }
}
