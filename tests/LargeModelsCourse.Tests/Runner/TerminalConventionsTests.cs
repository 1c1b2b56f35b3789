using System.CommandLine;
using System.Diagnostics;
using LargeModelsCourse.Runner;
using LargeModelsCourse.Runner.Hosting;
using LargeModelsCourse.Tests.Support;
using Spectre.Console;

namespace LargeModelsCourse.Tests.Runner;

/// <summary>
/// The command-line conventions a terminal user expects: no escape codes in a log file or pipe, and an
/// example in every command's help. Each test runs the real `course` process with its output redirected.
/// </summary>
public sealed class TerminalConventionsTests
{
    private const char Escape = '\u001b';

    /// <summary>Runs course.dll with redirected output and a colour-capable TERM (what Spectre's own detection trusts).</summary>
    private static (int ExitCode, string Output) CourseRedirected(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "course.dll"));
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment.Remove("NO_COLOR");
        start.Environment["TERM"] = "xterm-256color";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), "course did not finish within 5 minutes");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    [Fact]
    public void A_redirected_run_doctor_and_export_print_no_escape_codes()
    {
        var (runExit, run) = CourseRedirected(null, "run", Path.Combine(Repo.Fixtures, "notebooks", "magics.ipynb"), "--out", Path.Combine(Repo.Artifacts, "cli-plain"));
        Assert.True(runExit == 0, run);
        Assert.Contains("magics", run, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, run);

        var (_, doctor) = CourseRedirected(null, "doctor");
        Assert.Contains("TorchSharp native library", doctor, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, doctor);

        var (exportExit, export) = CourseRedirected(null, "export", Path.Combine(Repo.Fixtures, "notebooks", "nuget-packages.ipynb"), "-o", Path.Combine(Repo.Artifacts, "cli-plain", "nuget-packages.cs"));
        Assert.True(exportExit == 0, export);
        Assert.Contains("Wrote", export, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, export);
    }

    [Fact]
    public void Styles_and_hyperlinks_become_plain_text_when_redirected_or_NO_COLOR_is_set()
    {
        // The test host's standard output is redirected, as a log file is.
        Assert.True(Console.IsOutputRedirected);
        var writer = new StringWriter();
        var terminal = TerminalConsole.Create(writer);
        terminal.MarkupLine("[red]failed[/] open [link]file:///tmp/book/index.html[/] [bold]now[/]");
        terminal.Write(new Table().AddColumns("a", "b").AddRow("[green]ok[/]", "1"));
        var text = writer.ToString();
        Assert.Contains("failed open file:///tmp/book/index.html now", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, text);
        Assert.True(TerminalConsole.Plain());

        var previous = Environment.GetEnvironmentVariable("NO_COLOR");
        try
        {
            Environment.SetEnvironmentVariable("NO_COLOR", "1");
            Assert.True(TerminalConsole.Plain(standardError: false) && TerminalConsole.Plain(standardError: true));
        }
        finally { Environment.SetEnvironmentVariable("NO_COLOR", previous); }
    }

    [Fact]
    public void Every_commands_help_shows_an_example()
    {
        var root = Program.CreateRoot(TerminalConsole.Create(new StringWriter()));
        var paths = new List<string> { "" };
        void Walk(Command command, string prefix)
        {
            foreach (var sub in command.Subcommands)
            {
                var path = (prefix + " " + sub.Name).Trim();
                paths.Add(path);
                Walk(sub, path);
            }
        }
        Walk(root, "");
        Assert.Contains("kernel install", paths);
        foreach (var path in paths)
        {
            Assert.True(HelpExamples.ByCommand.ContainsKey(path), $"`course {path}` has no examples in HelpExamples");
            var (exitCode, help) = CourseRedirected(null, [.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"]);
            Assert.True(exitCode == 0, help);
            Assert.Contains("Example", help, StringComparison.Ordinal);
            Assert.Contains(HelpExamples.ByCommand[path][0], help, StringComparison.Ordinal);
            Assert.DoesNotContain(Escape, help);
        }
    }
}
