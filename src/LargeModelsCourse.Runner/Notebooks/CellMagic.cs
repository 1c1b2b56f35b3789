namespace LargeModelsCourse.Runner.Notebooks;

/// <summary>
/// The one rule for a Polyglot first-line magic (<c>#!csharp</c>, <c>#!markdown</c>, <c>#!fsharp</c>…): <c>#!</c>, then a
/// letter, and no space on the line, so a shebang path (<c>#! /bin/sh</c>) is not a magic. The notebook reader and
/// the kernel both ask it.
/// </summary>
public static class CellMagic
{
    /// <summary>The language a cell's first line names, and where that line ends (its length when it is the only line).</summary>
    public static (string? Language, int FirstLineEnd) Read(string source)
    {
        var end = source.IndexOf('\n');
        if (end < 0) end = source.Length;
        var first = source[..end].Trim();
        var isMagic = first.Length > 2 && first.StartsWith("#!", StringComparison.Ordinal) && char.IsLetter(first[2])
                      && !first.Contains(' ', StringComparison.Ordinal);
        return (isMagic ? first[2..] : null, end);
    }

    /// <summary>A language name as Polyglot spells it in any of its forms, folded to one: csharp, markdown or itself.</summary>
    public static string Normalize(string language) => language.ToLowerInvariant() switch
    {
        "c#" or "cs" or "csharp" or ".net-csharp" => "csharp",
        "md" or "markdown" => "markdown",
        var other => other,
    };
}
