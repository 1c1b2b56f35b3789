using System.CommandLine;
using Spectre.Console;

namespace LargeModelsCourse.Runner.Book;

/// <summary><c>course book</c>: builds the offline HTML book from the executed notebooks.</summary>
public static class BookCommand
{
    /// <summary>The command's definition.</summary>
    public static Command Create(IAnsiConsole terminal)
    {
        var defaults = BookOptions.Default;
        var executed = new Option<string>("--executed")
        {
            Description = "Folder of executed notebooks, as `course run` writes them",
            DefaultValueFactory = _ => defaults.ExecutedFolder,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Folder to write the site to (replaced when it holds an earlier book)",
            DefaultValueFactory = _ => defaults.OutputFolder,
        };
        var translations = new Option<string>("--translations")
        {
            Description = "Folder of translations, one subfolder per language (each gets its edition of the book, e.g. zh-CN/)",
            DefaultValueFactory = _ => defaults.TranslationsFolder!,
        };
        var command = new Command("book", "Build the course's book: a static HTML site of the executed notebooks that works offline, with a presentation mode, in English and in every language translated")
        {
            executed, output, translations,
        };
        command.SetAction(parse => Run(terminal, defaults with
        {
            ExecutedFolder = parse.GetValue(executed)!,
            OutputFolder = parse.GetValue(output)!,
            TranslationsFolder = parse.GetValue(translations),
        }));
        return command;
    }

    /// <summary>Builds the book and reports; returns the process exit code (0 built, 1 not built).</summary>
    public static int Run(IAnsiConsole terminal, BookOptions options)
    {
        BookResult result;
        try { result = BookBuilder.Build(options); }
        catch (BookBuildException e)
        {
            terminal.MarkupLine($"[red]The book was not built:[/] {Markup.Escape(e.Message)}");
            return 1;
        }
        foreach (var warning in result.Warnings) terminal.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        var table = new Table().AddColumns("Chapter", "Title", "Goals", "Run time");
        foreach (var chapter in result.Chapters)
            table.AddRow(Markup.Escape(chapter.Number), Markup.Escape(chapter.Title), chapter.Goals.Count.ToString(),
                chapter.RunSeconds is { } s ? Chapter.FormatDuration(s) : "[grey]not recorded[/]");
        terminal.Write(table);
        var editions = result.Translations is { Count: > 0 } t ? $" English and {string.Join(", ", t)} editions ({string.Join(", ", t.Select(l => l + "/"))})," : "";
        terminal.MarkupLine($"Book:{Markup.Escape(editions)} {result.Chapters.Count} chapter(s), {result.Charts} chart(s), built in {result.Elapsed.TotalSeconds:0.0} s.");
        terminal.MarkupLine($"Open [link]{Markup.Escape(new Uri(result.IndexPath).AbsoluteUri)}[/] in a browser (no network needed).");
        return 0;
    }
}
