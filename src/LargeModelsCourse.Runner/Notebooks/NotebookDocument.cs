using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LargeModelsCourse.Runner.Notebooks;

/// <summary>
/// An <c>.ipynb</c> file in the Polyglot Notebooks idiom: nbformat 4 JSON whose code cells are C# unless
/// a first-line magic (<c>#!csharp</c>, <c>#!markdown</c>, <c>#!fsharp</c>…) or the cell metadata
/// (<c>polyglot_notebook.kernelName</c>, <c>dotnet_interactive.language</c>) says otherwise.
/// </summary>
public sealed class NotebookDocument
{
    private NotebookDocument(string path, JsonObject root, IReadOnlyList<NotebookCell> cells)
    {
        Path = path;
        Root = root;
        Cells = cells;
    }

    /// <summary>Where the notebook was read from.</summary>
    public string Path { get; }

    /// <summary>The notebook's file name without extension, e.g. <c>00-start-here</c>.</summary>
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);

    /// <summary>The whole document as read.</summary>
    public JsonObject Root { get; }

    /// <summary>The cells in order.</summary>
    public IReadOnlyList<NotebookCell> Cells { get; }

    /// <summary>The notebook's title: the first Markdown heading, else its file name.</summary>
    public string Title => Cells.Where(c => c.Language == CellLanguage.Markdown)
        .SelectMany(c => c.Source.Split('\n'))
        .Select(l => l.Trim())
        .FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal))?[2..].Trim() ?? Name;

    /// <summary>Reads and checks a notebook file.</summary>
    /// <exception cref="NotebookFormatException">The file is missing, not JSON, or not a notebook.</exception>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new NotebookFormatException(path, "the file does not exist");
        string text;
        try { text = File.ReadAllText(path); }
        catch (IOException e) { throw new NotebookFormatException(path, $"it cannot be read ({e.Message})"); }
        return Parse(path, text);
    }

    /// <summary>Parses notebook JSON; <paramref name="path"/> names it in errors.</summary>
    public static NotebookDocument Parse(string path, string json)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, column {e.BytePositionInLine + 1}" : "";
            throw new NotebookFormatException(path, $"the JSON is malformed{where} ({FirstSentence(e.Message)}). Was it saved completely? Restore it with `git checkout -- {path}` if you did not mean to change it.");
        }
        if (node is not JsonObject root)
            throw new NotebookFormatException(path, "the top level is not a JSON object with \"cells\" and \"metadata\"");
        if (root["nbformat"] is JsonValue format && format.TryGetValue<int>(out var major) && major != 4)
            throw new NotebookFormatException(path, $"nbformat {major} is not supported; save it as nbformat 4 (Jupyter's current format)");
        if (root["cells"] is not JsonArray cellsJson)
            throw new NotebookFormatException(path, "it has no \"cells\" list");

        var defaultLanguage = DefaultLanguage(root);
        var cells = new List<NotebookCell>();
        var ids = new HashSet<string>();
        for (var i = 0; i < cellsJson.Count; i++)
        {
            var number = i + 1;
            if (cellsJson[i] is not JsonObject cell)
                throw new NotebookFormatException(path, $"cell {number} is not a JSON object");
            var cellType = cell["cell_type"] is JsonValue t && t.TryGetValue<string>(out var ct) ? ct : null;
            if (cellType is not ("code" or "markdown" or "raw"))
                throw new NotebookFormatException(path, $"cell {number} has cell_type {(cellType is null ? "missing" : $"\"{cellType}\"")}; expected \"code\", \"markdown\" or \"raw\"");
            var source = ReadSource(path, number, cell["source"]);
            var id = cell["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var s) && s.Length > 0 ? s : StableId(path, number);
            if (!ids.Add(id)) id = StableId(path, number);
            var (language, languageName, body) = Classify(cellType, cell, source, defaultLanguage);
            cells.Add(new NotebookCell(number, id, cellType, body, language, languageName, cell));
        }
        return new NotebookDocument(System.IO.Path.GetFullPath(path), root, cells);
    }

    private static string ReadSource(string path, int number, JsonNode? source) => source switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray lines when lines.All(l => l is JsonValue lv && lv.TryGetValue<string>(out _)) =>
            string.Concat(lines.Select(l => l!.GetValue<string>())),
        _ => throw new NotebookFormatException(path, $"cell {number}'s \"source\" is neither a string nor a list of strings"),
    };

    private static string DefaultLanguage(JsonObject root)
    {
        var metadata = root["metadata"];
        var polyglot = metadata?["polyglot_notebook"]?["defaultKernelName"]?.GetValue<string>();
        var kernelLanguage = metadata?["kernelspec"]?["language"]?.GetValue<string>();
        return CellMagic.Normalize(polyglot ?? kernelLanguage ?? "csharp");
    }

    private static (CellLanguage, string, string) Classify(string cellType, JsonObject cell, string source, string defaultLanguage)
    {
        if (cellType == "markdown") return (CellLanguage.Markdown, "markdown", source);
        if (cellType == "raw") return (CellLanguage.Other, "raw", source);

        var language = cell["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>()
                       ?? cell["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>()
                       ?? defaultLanguage;
        var body = source;
        // A first-line magic wins over metadata, as in Polyglot Notebooks.
        var (magic, firstLineEnd) = CellMagic.Read(source);
        if (magic is not null)
        {
            language = magic;
            // Keep the line as an empty one so that line numbers in errors match the cell as written.
            body = firstLineEnd >= source.Length ? "" : "\n" + source[(firstLineEnd + 1)..];
        }
        language = CellMagic.Normalize(language);
        return language switch
        {
            "csharp" => (CellLanguage.CSharp, language, body),
            "markdown" => (CellLanguage.Markdown, language, body.TrimStart('\n')),
            _ => (CellLanguage.Other, language, body),
        };
    }

    /// <summary>A cell id that stays the same for the same notebook and position (nbformat 4.5 ids).</summary>
    internal static string StableId(string path, int number)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{System.IO.Path.GetFileName(path)}#{number}"));
        return Convert.ToHexStringLower(hash)[..12];
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message.TrimEnd('.') : message[..end];
    }
}
