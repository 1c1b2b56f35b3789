using System.Text;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Notebooks;

namespace LargeModelsCourse.Runner.Kernel;

/// <summary>
/// A cell's text as a front end sends it, made ready for the script session: a Polyglot first-line
/// magic <c>#!csharp</c> is blanked (other languages are refused, as <c>course run</c> does), and for
/// completion and inspection the directive lines are blanked with spaces so every character offset stays put.
/// </summary>
public static class KernelCellSource
{
    /// <summary>
    /// The code to execute, or the error for a cell in another language. Lines keep their numbers.
    /// </summary>
    public static (string Code, CellError? Error) ForExecution(string code)
    {
        var (language, firstLineEnd) = CellMagic.Read(code);
        if (language is null) return (code, null);
        if (CellMagic.Normalize(language) == "csharp") return (Blank(code, 0, firstLineEnd), null);
        var message = $"this cell starts with #!{language}; the course kernel runs C# only (remove the magic line, or run the cell in a kernel for {language})";
        return (code, new CellError("UnsupportedLanguage", message, 1, [$"UnsupportedLanguage: {message}"]));
    }

    /// <summary>
    /// The code for a semantic model, same length as <paramref name="code"/>: magics and <c>#r</c>/<c>#i</c>
    /// lines become spaces. Also returns the packages its <c>#r "nuget: …"</c> lines name.
    /// </summary>
    public static (string Code, IReadOnlyList<(string Name, string? Version)> Packages) ForAnalysis(string code)
    {
        var text = new StringBuilder(code);
        var (language, firstLineEnd) = CellMagic.Read(code);
        if (language is not null) Blank(text, 0, firstLineEnd);
        var packages = new List<(string, string?)>();
        var start = 0;
        while (start <= code.Length)
        {
            var end = code.IndexOf('\n', start);
            if (end < 0) end = code.Length;
            var line = code[start..end].Trim();
            if (line.StartsWith("#r ", StringComparison.Ordinal) || line.StartsWith("#i ", StringComparison.Ordinal))
            {
                Blank(text, start, end);
                try
                {
                    var directives = CellDirectives.Parse(line);
                    packages.AddRange(directives.Packages.Select(p => (p.Name, p.Version)));
                }
                catch (CellDirectiveException)
                {
                    // A half-typed directive: completion still works on the rest of the cell.
                }
            }
            start = end + 1;
        }
        return (text.ToString(), packages);
    }


    private static string Blank(string code, int start, int end)
    {
        var text = new StringBuilder(code);
        Blank(text, start, end);
        return text.ToString();
    }

    private static void Blank(StringBuilder text, int start, int end)
    {
        for (var i = start; i < end; i++)
            if (text[i] is not ('\n' or '\r')) text[i] = ' ';
    }
}
