using System.Text;
using System.Text.RegularExpressions;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// The Polyglot Notebooks directives a C# cell may carry, taken out of the code before it is compiled:
/// <c>#r "nuget: Name, Version"</c>, <c>#r "path.dll"</c> and <c>#i "source"</c> (a package source).
/// Each directive line is replaced by an empty line, so compiler and runtime line numbers still match the
/// cell as the student sees it.
/// </summary>
public sealed partial class CellDirectives
{
    private CellDirectives(string code, IReadOnlyList<(string Name, string? Version, int Line)> packages,
        IReadOnlyList<(string Path, int Line)> assemblies, IReadOnlyList<string> sources)
    {
        Code = code;
        Packages = packages;
        Assemblies = assemblies;
        PackageSources = sources;
    }

    /// <summary>The cell's code with directive lines blanked.</summary>
    public string Code { get; }

    /// <summary>The <c>#r "nuget: …"</c> lines: name, optional version, 1-based line.</summary>
    public IReadOnlyList<(string Name, string? Version, int Line)> Packages { get; }

    /// <summary>The <c>#r "file.dll"</c> lines: path as written, 1-based line.</summary>
    public IReadOnlyList<(string Path, int Line)> Assemblies { get; }

    /// <summary>The <c>#i</c> package sources: NuGet also looks there for packages the course does not ship.</summary>
    public IReadOnlyList<string> PackageSources { get; }

    /// <summary>Splits <paramref name="cell"/> into directives and code.</summary>
    /// <exception cref="CellDirectiveException">A directive that is malformed, with its line.</exception>
    public static CellDirectives Parse(string cell)
    {
        var packages = new List<(string, string?, int)>();
        var assemblies = new List<(string, int)>();
        var sources = new List<string>();
        var code = new StringBuilder();
        var lines = cell.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var number = i + 1;
            if (line.StartsWith("#r ", StringComparison.Ordinal) || line.StartsWith("#i ", StringComparison.Ordinal))
            {
                var match = QuotedArgument().Match(line[3..]);
                if (!match.Success)
                    throw new CellDirectiveException(number, $"{line[..2]} needs one quoted argument, for example #r \"nuget: MathNet.Numerics, 5.0.0\"");
                var argument = match.Groups[1].Value.Trim();
                if (line[1] == 'i')
                {
                    sources.Add(argument.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase) ? argument[6..].Trim() : argument);
                }
                else if (argument.StartsWith("nuget:", StringComparison.OrdinalIgnoreCase))
                {
                    var parts = argument[6..].Split(',', StringSplitOptions.TrimEntries);
                    if (parts.Length is < 1 or > 2 || parts[0].Length == 0)
                        throw new CellDirectiveException(number, $"#r \"{argument}\" is not of the form #r \"nuget: Name, Version\"");
                    packages.Add((parts[0], parts.Length == 2 ? parts[1] : null, number));
                }
                else
                {
                    assemblies.Add((argument, number));
                }
                code.Append('\n');
                continue;
            }
            code.Append(lines[i]).Append('\n');
        }
        return new CellDirectives(code.ToString(0, Math.Max(0, code.Length - 1)), packages, assemblies, sources);
    }

    [GeneratedRegex("^\\s*\"([^\"]*)\"\\s*$")]
    private static partial Regex QuotedArgument();
}

/// <summary>A malformed directive, with the 1-based line it is on.</summary>
public sealed class CellDirectiveException(int line, string message) : Exception(message)
{
    /// <summary>The line in the cell.</summary>
    public int Line { get; } = line;
}
