using System.CommandLine;
using LargeModelsCourse.Runner.Bench;
using LargeModelsCourse.Runner.Book;
using LargeModelsCourse.Runner.Doctor;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Export;
using LargeModelsCourse.Runner.Hosting;
using LargeModelsCourse.Runner.Kernel;
using LargeModelsCourse.Runner.Translate;
using Spectre.Console;

namespace LargeModelsCourse.Runner;

/// <summary>The <c>course</c> tool: runs notebooks, builds the book, serves as a Jupyter kernel, diagnoses set-ups.</summary>
public static class Program
{
    /// <summary>Entry point.</summary>
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["kernel", ..] && MallocTuning.ReexecuteIfNeeded(args) is { } exitCode) return exitCode;

        // Created before any cell redirects Console.Out, so progress always reaches the terminal.
        // No escape codes when redirected or NO_COLOR is set (TerminalConsole says why).
        var terminal = LargeModelsCourse.TerminalConsole.Create(Console.Out);
        return await CreateRoot(terminal).Parse(args).InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>The command tree (every command's help ends with examples).</summary>
    internal static RootCommand CreateRoot(IAnsiConsole terminal)
    {
        var root = new RootCommand("LargeModelsCourse: run the course's notebooks, build its book, serve it to Jupyter, check a set-up")
        {
            RunCommand.Create(terminal),
            DoctorCommand.Create(terminal),
            BenchCommand.Create(),
            KernelCommand.Create(terminal),
            ExportCommand.Create(terminal),
            BookCommand.Create(terminal),
            TranslateCommand.Create(terminal),
        };
        HelpExamples.Attach(root);
        return root;
    }
}
