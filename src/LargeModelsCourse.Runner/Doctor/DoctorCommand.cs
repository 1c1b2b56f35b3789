using System.CommandLine;
using System.Diagnostics;
using LargeModelsCourse.Processes;
using LargeModelsCourse.Runner.Doctor;
using LargeModelsCourse.Runner.Hosting;
using Spectre.Console;

namespace LargeModelsCourse.Runner.Doctor;

/// <summary><c>course doctor</c>: checks a set-up and explains each problem with its fix.</summary>
public static class DoctorCommand
{
    /// <summary>The command's definition.</summary>
    public static Command Create(IAnsiConsole terminal)
    {
        var command = new Command("doctor", "Check .NET, TorchSharp's native library, datasets, Jupyter and the course kernel");
        command.SetAction(_ => Run(terminal));
        return command;
    }

    /// <summary>Runs every check, prints a table, returns 0 when nothing failed.</summary>
    public static int Run(IAnsiConsole terminal)
    {
        var results = Checks().ToList();
        // One block per check rather than a table: findings are long, and a narrow or redirected terminal
        // would wrap table cells mid-word.
        foreach (var r in results)
        {
            var state = r.State switch { CheckState.Ok => "[green]ok     [/]", CheckState.Warning => "[yellow]warning[/]", _ => "[red]FAILED [/]" };
            terminal.MarkupLine($"{state} [bold]{Markup.Escape(r.Name)}[/]: {Markup.Escape(r.Finding)}");
            if (r.Fix is not null && r.State != CheckState.Ok) terminal.MarkupLine($"        [grey]fix:[/] {Markup.Escape(r.Fix)}");
        }
        var healthy = results.All(r => r.State != CheckState.Failed);
        terminal.MarkupLine(healthy ? "[green]Healthy: the course can run here.[/]" : "[red]Not healthy: fix the failed checks above.[/]");
        return healthy ? 0 : 1;
    }

    /// <summary>The checks, in the order a newcomer would fix them.</summary>
    public static IEnumerable<CheckResult> Checks()
    {
        yield return DotNetCheck();
        yield return NativeLibraryCheck.Run();
        yield return DeviceCheck.Run();
        yield return MallocCheck();
        foreach (var data in DataChecks.Run()) yield return data;
        yield return JupyterCheck();
        foreach (var kernel in KernelChecks.Run()) yield return kernel;
    }

    private static CheckResult DotNetCheck()
    {
        var runtime = Environment.Version;
        return runtime.Major >= 10
            ? new CheckResult(".NET", CheckState.Ok, $".NET runtime {runtime} ({System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier})")
            : new CheckResult(".NET", CheckState.Failed, $".NET runtime {runtime} is older than 10", "Install the .NET 10 SDK (environment.md).");
    }

    private static CheckResult MallocCheck() => !OperatingSystem.IsLinux()
        ? new CheckResult("malloc tuning", CheckState.Ok, "not needed off Linux")
        : MallocTuning.Active
            ? new CheckResult("malloc tuning", CheckState.Ok, $"GLIBC_TUNABLES={Environment.GetEnvironmentVariable("GLIBC_TUNABLES")}")
            : new CheckResult("malloc tuning", CheckState.Warning, "glibc malloc runs with default thresholds (training can be slower)",
                "Let `course` re-execute itself (unset COURSE_MALLOC), or export GLIBC_TUNABLES=" + MallocTuning.Tunables);

    private static CheckResult JupyterCheck()
    {
        var (ok, output) = Probe(File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3", "-c", "import jupyter_client, nbclient; print(jupyter_client.__version__, nbclient.__version__)");
        return ok
            ? new CheckResult("Jupyter client", CheckState.Ok, $"jupyter_client / nbclient {output.Trim()}")
            : new CheckResult("Jupyter client", CheckState.Warning, "python3 with jupyter_client and nbclient not found (only the course kernel's tests and JupyterLab need it)",
                "Debian/Ubuntu: apt-get install python3-nbclient python3-jupyter-client; elsewhere: pip install jupyter_client nbclient");
    }

    /// <summary>Runs a program (at most 30 s) and returns whether it exited 0, with its output.</summary>
    internal static (bool Ok, string Output) Probe(string program, params string[] arguments)
    {
        try
        {
            var result = ChildProcess.Run(program, arguments, TimeSpan.FromSeconds(30));
            return result.TimedOut ? (false, "timed out") : (result.Ok, result.Output + result.Error);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (false, e.Message);
        }
    }
}
