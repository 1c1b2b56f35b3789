using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LargeModelsCourse.Runner.Notebooks;

/// <summary>
/// The Jupyter slideshow metadata of a notebook file compared with, and written from, <see cref="SlideRule"/>. A write
/// changes nothing but <c>metadata.slideshow</c>: the file is read back in the course's notebook JSON style (one-space
/// indent, characters unescaped, as Jupyter and the course's notebook scripts write) and left alone if that does not
/// give back its bytes, so ids, sources, outputs and formatting stay exactly as they were.
/// </summary>
public static partial class SlideMetadata
{
    private static readonly JsonSerializerOptions Style = new()
    {
        WriteIndented = true,
        IndentSize = 1,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A cell whose metadata differs from the rule.</summary>
    /// <param name="Number">The cell's number (1-based).</param>
    /// <param name="Id">The cell's id.</param>
    /// <param name="Has">What its metadata says (null: nothing).</param>
    /// <param name="Wanted">What the rule gives.</param>
    public sealed record Difference(int Number, string Id, SlideType? Has, SlideType Wanted)
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"cell {Number} ({Id}) has {(Has is { } has ? $"\"{SlideRule.JupyterName(has)}\"" : "no slide type")}, the rule gives \"{SlideRule.JupyterName(Wanted)}\"";
    }

    /// <summary>The cells of <paramref name="notebook"/> whose slideshow metadata differs from the rule.</summary>
    public static IReadOnlyList<Difference> Compare(NotebookDocument notebook)
    {
        var wanted = SlideRule.For(notebook);
        return notebook.Cells
            .Select((cell, i) => new Difference(cell.Number, cell.Id, SlideRule.FromMetadata(cell.Raw), wanted[i]))
            .Where(d => d.Has != d.Wanted)
            .ToList();
    }

    /// <summary>
    /// Writes the rule's slide types into the notebook file (atomically); returns how many cells changed.
    /// </summary>
    /// <exception cref="NotebookFormatException">The file is not a notebook.</exception>
    /// <exception cref="InvalidOperationException">The file is not in the course's notebook JSON style, so a rewrite
    /// would change more than the metadata.</exception>
    public static int Write(string path)
    {
        var text = File.ReadAllText(path);
        var notebook = NotebookDocument.Parse(path, text);
        if (Serialize(notebook.Root) != text)
            throw new InvalidOperationException($"{path}: " +
                "it is not written in the course's notebook JSON style (one-space indent, Unicode unescaped, a final newline), so rewriting it would change more than its slide metadata. " +
                "Save it with Jupyter (or json.dumps(nb, indent=1, ensure_ascii=False) + \"\\n\") and run this again");
        var differences = Compare(notebook);
        if (differences.Count == 0) return 0;
        var cells = notebook.Root["cells"]!.AsArray();
        foreach (var difference in differences)
        {
            var cell = cells[difference.Number - 1]!.AsObject();
            if (cell["metadata"] is not JsonObject metadata)
            {
                metadata = [];
                cell["metadata"] = metadata;
            }
            var slideshow = new JsonObject { ["slide_type"] = SlideRule.JupyterName(difference.Wanted) };
            if (metadata.ContainsKey("slideshow"))
            {
                metadata["slideshow"] = slideshow;
                continue;
            }
            // Keys stay in the sorted order Jupyter writes them in.
            var at = 0;
            while (at < metadata.Count && string.CompareOrdinal(metadata.GetAt(at).Key, "slideshow") < 0) at++;
            metadata.Insert(at, "slideshow", slideshow);
        }
        LargeModelsCourse.AtomicFile.WriteAllText(path, Serialize(notebook.Root));
        return differences.Count;
    }

    /// <summary>A notebook's JSON in the course's style.</summary>
    public static string Serialize(JsonNode root) =>
        // System.Text.Json escapes characters beyond the Basic Multilingual Plane (emoji) with every encoder; Jupyter
        // writes them as they are. An escape is one only after an even number of backslashes.
        SurrogateEscape().Replace(root.ToJsonString(Style), m => m.Groups[1].Length % 2 == 0 ? m.Value
            : m.Groups[1].Value[1..] + (char)Convert.ToInt32(m.Groups[2].Value, 16) + (char)Convert.ToInt32(m.Groups[3].Value, 16)) + "\n";

    [GeneratedRegex(@"(\\+)u(D[89AB][0-9A-F]{2})\\u(D[C-F][0-9A-F]{2})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SurrogateEscape();
}
