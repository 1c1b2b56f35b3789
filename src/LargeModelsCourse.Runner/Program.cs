using System.CommandLine;
using LargeModelsCourse.Runner.Book;
using LargeModelsCourse.Runner.Export;
using LargeModelsCourse.Runner.Kernel;
using Spectre.Console;
using LargeModelsCourse.Runner.Commands;
using LargeModelsCourse.Runner.Hosting;
using LargeModelsCourse.Runner.Execution;

namespace LargeModelsCourse.Runner;

/// <summary>The <c>course</c> tool: runs notebooks, builds the book, serves as a Jupyter kernel, diagnoses set-ups.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["kernel", ..] && MallocTuning.ReexecuteIfNeeded(args) is { } exitCode) return exitCode;

        // Created before any cell redirects Console.Out, so progress always reaches the terminal.
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        // Redirected output (CI logs, pipes) has no width: keep long messages on one line so they stay greppable.
        if (Console.IsOutputRedirected) terminal.Profile.Width = 240;
        var root = new RootCommand("LargeModelsCourse: run the course's notebooks, build its book, serve it to Jupyter, check a set-up")
        {
            RunCommand.Create(terminal),
            DoctorCommand.Create(terminal),
            BenchCommand.Create(),
            KernelCommand.Create(terminal),
            ExportCommand.Create(terminal),
            BookCommand.Create(terminal),
        };
        return await root.Parse(args).InvokeAsync().ConfigureAwait(false);
    }
}
