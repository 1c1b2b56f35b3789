using System.CommandLine;
using LargeModelsCourse.Runner.Hosting;
using Spectre.Console;

namespace LargeModelsCourse.Runner.Notebooks;

/// <summary>
/// <c>course slides</c>: writes Jupyter's slideshow metadata into the notebooks from <see cref="SlideRule"/> (the rule the
/// book's presentation mode follows), or with <c>--check</c> lists every cell whose metadata differs from it.
/// </summary>
public static class SlidesCommand
{
    /// <summary>The command's definition.</summary>
    public static Command Create(IAnsiConsole terminal)
    {
        var notebooks = new Argument<string[]>("notebooks")
        {
            Description = "Notebooks or folders of notebooks (default: the course's notebooks/ folder)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var check = new Option<bool>("--check")
        {
            Description = "Write nothing; list every cell whose slide metadata differs from the rule and exit 1 when there is one",
        };
        var command = new Command("slides", "Write the notebooks' slideshow metadata (for jupyter nbconvert --to slides and live slides) from the rule the book's presentation mode uses, or check it")
        {
            notebooks, check,
        };
        command.SetAction(parse => Run(terminal, parse.GetValue(notebooks) ?? [], parse.GetValue(check)));
        return command;
    }

    /// <summary>Checks or writes; 0 when every notebook matches (or was written), 1 when a check found differences, 2 on bad input.</summary>
    public static int Run(IAnsiConsole terminal, IEnumerable<string> arguments, bool check)
    {
        var files = CoursePaths.ExpandNotebooks(arguments);
        if (files.Count == 0)
        {
            terminal.MarkupLine("[red]No notebooks found.[/] Give notebook files or folders, or run from inside the course's checkout.");
            return 2;
        }
        var differing = 0;
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                if (check)
                {
                    var differences = SlideMetadata.Compare(NotebookDocument.Load(file));
                    foreach (var difference in differences) terminal.WriteLine($"{Path.GetFileName(file)}: {difference}");
                    if (differences.Count > 0) differing++;
                }
                else
                {
                    var changed = SlideMetadata.Write(file);
                    terminal.WriteLine($"{Path.GetFileName(file)}: {(changed == 0 ? "already in step" : $"{changed} cell(s) updated")}");
                }
            }
            catch (Exception e) when (e is NotebookFormatException or InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                terminal.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                failed++;
            }
        }
        if (failed > 0) return 2;
        if (!check) return 0;
        if (differing == 0)
        {
            terminal.MarkupLine($"[green]The slide metadata of all {files.Count} notebook(s) follows the rule.[/]");
            return 0;
        }
        terminal.MarkupLine($"[red]{differing} of {files.Count} notebook(s) have slide metadata the rule does not give.[/] Run `dotnet course slides` to write it.");
        return 1;
    }
}
