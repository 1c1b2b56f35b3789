using System.CommandLine;
using LargeModelsCourse.Runner.Notebooks;
using Spectre.Console;

namespace LargeModelsCourse.Runner.Export;

/// <summary><c>course export</c>: writes a notebook as a .NET file-based app that <c>dotnet run</c> executes.</summary>
public static class ExportCommand
{
    /// <summary>The command's definition.</summary>
    public static Command Create(IAnsiConsole terminal)
    {
        var notebook = new Argument<string>("notebook") { Description = "The notebook to export (.ipynb)" };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "The .cs file to write (default: artifacts/export/NAME.cs in the course's checkout)",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite a file that `course export` did not write" };
        var command = new Command("export", "Write a notebook as a .NET file-based app: `dotnet run chapter.cs` runs it in a terminal")
        {
            notebook, output, force,
        };
        command.SetAction(parse => Run(terminal, parse.GetValue(notebook)!, parse.GetValue(output), parse.GetValue(force)));
        return command;
    }

    /// <summary>Exports one notebook; returns the process exit code.</summary>
    public static int Run(IAnsiConsole terminal, string notebookPath, string? outputPath, bool force)
    {
        NotebookDocument document;
        try { document = NotebookDocument.Load(notebookPath); }
        catch (NotebookFormatException e)
        {
            terminal.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return 2;
        }
        var destination = Path.GetFullPath(outputPath ?? DefaultOutput(document));
        if (!destination.EndsWith(".cs", StringComparison.OrdinalIgnoreCase))
        {
            terminal.MarkupLine($"[red]{Markup.Escape(destination)} does not end in .cs:[/] `dotnet run` runs .cs files; name the output chapter.cs.");
            return 2;
        }
        if (File.Exists(destination) && !force && !File.ReadLines(destination).Take(1).Any(l => l.StartsWith(NotebookExporter.Marker, StringComparison.Ordinal)))
        {
            terminal.MarkupLine($"[red]{Markup.Escape(destination)} exists and was not written by `course export`:[/] choose another -o, or add --force to replace it.");
            return 2;
        }
        ExportedChapter chapter;
        try { chapter = NotebookExporter.Export(document, destination); }
        catch (ExportException e)
        {
            terminal.MarkupLine($"[red]Cannot export: {Markup.Escape(e.Message)}[/]");
            return 1;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        File.WriteAllText(destination, chapter.Text);
        foreach (var note in chapter.Notes) terminal.MarkupLine($"[yellow]note:[/] {Markup.Escape(note)}");
        terminal.MarkupLine($"[green]Wrote[/] {Markup.Escape(destination)}");
        terminal.MarkupLine($"Run it: [bold]dotnet run {Markup.Escape(Path.GetRelativePath(Environment.CurrentDirectory, destination))}[/] [grey](the first run restores and builds; charts go to {Markup.Escape(Path.Combine(Path.GetDirectoryName(destination)!, "charts", NotebookExporter.ChartSubfolder(destination)))})[/]");
        return 0;
    }

    /// <summary>artifacts/export/NAME.cs in the checkout holding the notebook (generated files stay out of notebooks/).</summary>
    public static string DefaultOutput(NotebookDocument notebook)
    {
        var folder = Path.GetDirectoryName(notebook.Path)!;
        var root = CourseRoot.Find(folder);
        return root is null
            ? Path.Combine(folder, notebook.Name + ".cs")
            : Path.Combine(root, "artifacts", "export", notebook.Name + ".cs");
    }
}
