using System.CommandLine;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Hosting;
using LargeModelsCourse.Runner.Notebooks;
using Spectre.Console;

namespace LargeModelsCourse.Runner.Execution;

/// <summary><c>course run</c>: executes notebooks headlessly and writes their executed copies.</summary>
public static class RunCommand
{
    /// <summary>Exit code when a cell ran past the per-cell timeout (as timeout(1) uses).</summary>
    public const int TimedOutExitCode = 124;

    /// <summary>Exit code after Ctrl+C (128 + SIGINT, as shells use).</summary>
    public const int CancelledExitCode = 130;

    /// <summary>The command's definition.</summary>
    public static Command Create(IAnsiConsole terminal)
    {
        var notebooks = new Argument<string[]>("notebooks")
        {
            Description = "Notebooks or folders of notebooks to run (default: the course's notebooks/ folder)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--out", "-o")
        {
            Description = "Folder for the executed copies (sources are never overwritten)",
            DefaultValueFactory = _ => CoursePaths.Executed,
        };
        var timeout = new Option<double>("--cell-timeout")
        {
            Description = "Seconds a single cell may run before the run stops",
            DefaultValueFactory = _ => 900,
        };
        var maxLines = new Option<int>("--max-output-lines")
        {
            Description = "Lines kept of one output (half from its start, half from its end; the rest is counted in a note)",
            DefaultValueFactory = _ => OutputLimits.Default.HeadLines + OutputLimits.Default.TailLines,
        };
        var twice = new Option<bool>("--twice")
        {
            Description = "Run every code cell twice in a row, as a student re-running cells does, and fail on a cell that is not safe to re-run",
        };
        var command = new Command("run", "Execute notebooks headlessly, as CI and the book do") { notebooks, output, timeout, maxLines, twice };
        maxLines.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 2) result.AddError("--max-output-lines must be at least 2 (one line from the start of an output, one from its end)");
        });
        timeout.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double>() <= 0) result.AddError("--cell-timeout must be a positive number of seconds");
        });
        command.SetAction((parse, cancellation) => RunAsync(terminal, parse.GetValue(notebooks) ?? [], parse.GetValue(output)!,
            new RunSettings(TimeSpan.FromSeconds(parse.GetValue(timeout)), OutputLimits.Total(parse.GetValue(maxLines)), parse.GetValue(twice)),
            cancellation));
        return command;
    }

    /// <summary>Runs the notebooks and prints the closing table; returns the process exit code.</summary>
    public static async Task<int> RunAsync(IAnsiConsole terminal, IEnumerable<string> arguments, string outputFolder,
        RunSettings settings, CancellationToken cancellation)
    {
        var files = CoursePaths.ExpandNotebooks(arguments);
        if (files.Count == 0)
        {
            terminal.MarkupLine("[red]No notebooks found.[/] Give notebook files or folders, or run from inside the course's checkout.");
            return 2;
        }
        var results = new List<NotebookRunResult>();
        var problems = new List<string>();
        var runner = new NotebookRunner(settings);
        runner.CellStarting += (nb, cell, total) =>
            terminal.MarkupLine($"[grey]{Markup.Escape(nb.Name)}[/] cell {cell.Number} [grey]({Array.IndexOf(nb.Cells.Where(c => c.IsCSharp).ToArray(), cell) + 1}/{total} code)[/] …");
        runner.CellFinished += (_, _, seconds) => terminal.MarkupLine($"[grey]    {seconds:0.0} s[/]");

        foreach (var file in files)
        {
            NotebookDocument notebook;
            try { notebook = NotebookDocument.Load(file); }
            catch (NotebookFormatException e)
            {
                terminal.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
                problems.Add(e.Message);
                continue;
            }
            var destination = Path.Combine(Path.GetFullPath(outputFolder), Path.GetFileName(file));
            if (string.Equals(destination, notebook.Path, StringComparison.Ordinal))
            {
                terminal.MarkupLine($"[red]The output folder is the notebook's own folder: executed copies never overwrite sources. Choose another --out.[/]");
                return 2;
            }
            terminal.MarkupLine($"[bold]▶ {Markup.Escape(notebook.Name)}[/] — {Markup.Escape(notebook.Title)}");
            var result = await runner.RunAsync(notebook, cancellation).ConfigureAwait(false);
            result.Executed.Save(destination);
            results.Add(result);
            if (result.FailureMessage is { } failure)
            {
                terminal.MarkupLine($"[red]✗ {Markup.Escape(failure)}[/]");
                terminal.MarkupLine($"[grey]  The executed copy, with every output up to the failure: {Markup.Escape(destination)}[/]");
            }
            if (result.Status is RunStatus.TimedOut or RunStatus.Cancelled) break;
        }

        var table = new Table().AddColumns("Notebook", "Cells", "Seconds", "Status");
        foreach (var r in results)
        {
            var status = r.Status switch
            {
                RunStatus.Succeeded => "[green]ok[/]",
                RunStatus.Failed => $"[red]failed at cell {r.FailedCell?.Number}{(r.Error?.Line is { } l ? $", line {l}" : "")}[/]",
                RunStatus.TimedOut => $"[red]timed out at cell {r.FailedCell?.Number}[/]",
                _ => $"[yellow]interrupted at cell {r.FailedCell?.Number}[/]",
            };
            table.AddRow(Markup.Escape(r.Notebook.Name), r.CodeCells.ToString(), $"{r.Seconds:0.0}", status);
        }
        terminal.Write(table);
        terminal.MarkupLine($"Executed copies: {Markup.Escape(Path.GetFullPath(outputFolder))}");

        if (results.Any(r => r.Status == RunStatus.Cancelled)) return CancelledExitCode;
        if (results.Any(r => r.Status == RunStatus.TimedOut)) return TimedOutExitCode;
        if (problems.Count > 0 && results.Count == 0) return 2;
        return problems.Count > 0 || results.Any(r => r.Status != RunStatus.Succeeded) ? 1 : 0;
    }
}
