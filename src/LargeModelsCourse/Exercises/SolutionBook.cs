using System.Text;
using System.Text.RegularExpressions;

namespace LargeModelsCourse.Exercises;

/// <summary>
/// One exercise's worked solution, as a chapter's solutions file states it.
/// </summary>
/// <param name="Id">The exercise's number, e.g. <c>2.1</c>: what <c>Exercise.Check("2.1 …", …)</c> starts with.</param>
/// <param name="Title">The heading after the number.</param>
/// <param name="Code">C# that computes the answer: one expression, or statements that <c>return</c> it.</param>
/// <param name="CheckedAgainst">An independent computation of the expected value (optional): the solution must agree with it.</param>
/// <param name="Explanation">The prose around the code (Markdown), shown with the solution.</param>
/// <param name="Source">The file and line the entry starts at, for error messages.</param>
public sealed record SolutionEntry(string Id, string Title, string Code, string? CheckedAgainst, string Explanation, string Source)
{
    /// <summary>True when <see cref="Code"/> is a block of statements (it has a <c>return</c>) rather than one expression.</summary>
    public bool IsStatements => ReturnStatement.IsMatch(Code);

    private static readonly Regex ReturnStatement = new(@"(^|[\s;{}])return\b", RegexOptions.Compiled);
}

/// <summary>
/// A chapter's exercise solutions, kept in one Markdown file per chapter beside the notebooks
/// (<c>notebooks/solutions/NN-name.md</c>), so the cell a student edits holds the task, a placeholder and the check,
/// never the answer. Each exercise is a <c>## N.M Title</c> section with one <c>```csharp</c> block (the solution) and
/// optionally a line <c>Checked against: `expression`</c> (an independent computation the solution must agree with).
/// The hosts (runner, kernel, export) read the file and hand each exercise cell its solution, so checks can compute
/// the expected value and verify the solution. Taught in chapter 00.
/// </summary>
public sealed class SolutionBook
{
    /// <summary>The folder, beside the notebooks, that holds the solutions files.</summary>
    public const string FolderName = "solutions";

    private static readonly Regex Heading = new(@"^##\s+(?<id>\d+\.\d+[a-z]?)\s*(?<title>.*)$", RegexOptions.Compiled);
    private static readonly Regex CheckedAgainstLine = new(@"^Checked against:\s*`(?<expr>[^`]+)`\s*$", RegexOptions.Compiled);

    private readonly Dictionary<string, SolutionEntry> entries;

    private SolutionBook(Dictionary<string, SolutionEntry> entries) => this.entries = entries;

    /// <summary>A book with no solutions (a notebook opened outside the course's folder).</summary>
    public static SolutionBook Empty { get; } = new([]);

    /// <summary>Every solution, by exercise number.</summary>
    public IReadOnlyCollection<SolutionEntry> Entries => entries.Values;

    /// <summary>The solution of exercise <paramref name="idOrTitle"/> ("2.1" or "2.1 MAE of the example"), or null.</summary>
    public SolutionEntry? Find(string idOrTitle) => entries.GetValueOrDefault(IdOf(idOrTitle));

    /// <summary>The exercise number at the start of an id such as "2.1 MAE of the example".</summary>
    public static string IdOf(string idOrTitle)
    {
        var trimmed = idOrTitle.Trim();
        var space = trimmed.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? trimmed : trimmed[..space];
    }

    /// <summary>
    /// Reads every <c>*.md</c> file in <paramref name="notebookFolder"/>/<see cref="FolderName"/>; an empty book
    /// when there is no such folder.
    /// </summary>
    /// <exception cref="FormatException">A file is malformed, or two files solve the same exercise.</exception>
    public static SolutionBook ForFolder(string notebookFolder)
    {
        var folder = Path.Combine(notebookFolder, FolderName);
        if (!Directory.Exists(folder)) return Empty;
        var all = new Dictionary<string, SolutionEntry>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder, "*.md").OrderBy(f => f, StringComparer.Ordinal))
        {
            foreach (var entry in Parse(File.ReadAllText(file), file))
            {
                if (all.TryGetValue(entry.Id, out var earlier))
                    throw new FormatException($"{entry.Source}: exercise {entry.Id} is solved twice (also at {earlier.Source}); each exercise number belongs to one chapter.");
                all[entry.Id] = entry;
            }
        }
        return new SolutionBook(all);
    }

    /// <summary>Parses one solutions file's text; <paramref name="path"/> names it in errors.</summary>
    public static IReadOnlyList<SolutionEntry> Parse(string markdown, string path)
    {
        var result = new List<SolutionEntry>();
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        string? id = null, title = null, checkedAgainst = null, code = null;
        var start = 0;
        var prose = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (Heading.Match(line) is { Success: true } heading)
            {
                Finish();
                id = heading.Groups["id"].Value;
                title = heading.Groups["title"].Value.Trim();
                start = i + 1;
                continue;
            }
            if (id is null) continue;
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                var fence = line.Trim();
                var body = new StringBuilder();
                var j = i + 1;
                for (; j < lines.Length && lines[j].Trim() != "```"; j++) body.Append(lines[j]).Append('\n');
                if (j == lines.Length) throw new FormatException($"{path}:{i + 1}: the code block of exercise {id} is not closed with ```.");
                if (fence is "```csharp" or "```cs" or "```c#")
                {
                    if (code is not null) throw new FormatException($"{path}:{i + 1}: exercise {id} has two C# blocks; keep one solution per exercise.");
                    code = body.ToString().Trim();
                }
                else prose.Append(string.Join('\n', lines[i..(j + 1)])).Append('\n');
                i = j;
                continue;
            }
            if (CheckedAgainstLine.Match(line) is { Success: true } check)
            {
                checkedAgainst = check.Groups["expr"].Value.Trim();
                continue;
            }
            prose.Append(line).Append('\n');
        }
        Finish();
        return result;

        void Finish()
        {
            if (id is null) return;
            if (string.IsNullOrWhiteSpace(code))
                throw new FormatException($"{path}:{start}: exercise {id} has no ```csharp block with its solution.");
            result.Add(new SolutionEntry(id, title ?? "", code, checkedAgainst, prose.ToString().Trim(), $"{path}:{start}"));
            id = title = checkedAgainst = code = null;
            prose.Clear();
        }
    }
}
