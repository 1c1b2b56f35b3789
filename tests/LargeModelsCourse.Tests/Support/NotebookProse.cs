using System.Text.Json.Nodes;

namespace LargeModelsCourse.Tests.Support;

/// <summary>The markdown a chapter's source notebook shows, for tests of what its prose claims.</summary>
public static class NotebookProse
{
    /// <summary>All markdown cells of the notebook whose file name starts with <paramref name="prefix"/>, joined.</summary>
    public static string Of(string prefix)
    {
        var path = Directory.GetFiles(Repo.Notebooks, prefix + "*.ipynb").Single();
        var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray();
        return string.Join("\n", cells.Where(c => c!["cell_type"]!.GetValue<string>() == "markdown")
            .Select(c => string.Concat(c!["source"]!.AsArray().Select(line => line!.GetValue<string>()))));
    }

    /// <summary>
    /// Phrases that claim a run time no cell measures (issue 14): a chapter may say that its executed copy records
    /// the time, but not "under a minute" or "about three times as long".
    /// </summary>
    public static readonly string[] UnmeasuredRunTimes =
        ["under a minute", "about a minute", "about three times", "tens of minutes", "roughly twice as long"];
}
