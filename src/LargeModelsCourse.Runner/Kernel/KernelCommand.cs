using System.CommandLine;
using LargeModelsCourse.Runner.Kernel.Install;
using LargeModelsCourse.Runner.Notebooks;
using Spectre.Console;

namespace LargeModelsCourse.Runner.Kernel;

/// <summary>
/// <c>course kernel</c>: serves the course to Jupyter front ends (VS Code, JupyterLab, nbclient), and
/// <c>course kernel install</c> / <c>uninstall</c> register it where they look for kernels.
/// </summary>
public static class KernelCommand
{
    /// <summary>The command's definition.</summary>
    public static Command Create(IAnsiConsole terminal)
    {
        var connectionFile = new Option<string?>("--connection-file", "-f")
        {
            Description = "The connection file a Jupyter front end wrote (front ends pass it; you do not start this by hand)",
        };
        var command = new Command("kernel", "Run as the course's Jupyter kernel (VS Code, JupyterLab); `course kernel install` registers it")
        {
            connectionFile,
            Install(terminal),
            Uninstall(terminal),
        };
        command.SetAction(async (parse, _) =>
        {
            var file = parse.GetValue(connectionFile);
            if (file is null)
            {
                terminal.MarkupLine("[red]course kernel needs --connection-file FILE.[/] Jupyter front ends start it with one. To make it available to them, run [bold]course kernel install[/], then pick \"" +
                                    Markup.Escape(CourseKernelSpec.DisplayName) + "\" in VS Code's or JupyterLab's kernel picker.");
                return 2;
            }
            return await JupyterKernel.RunAsync(file, Console.Error).ConfigureAwait(false);
        });
        return command;
    }

    private static (Option<bool> User, Option<string?> Prefix) LocationOptions() =>
    (
        new Option<bool>("--user") { Description = "The user's Jupyter data folder (the default; no administrator rights needed)" },
        new Option<string?>("--prefix") { Description = "PREFIX/share/jupyter/kernels instead (e.g. a Python environment's prefix)" }
    );

    private static string? KernelsDirectory(IAnsiConsole terminal, bool user, string? prefix)
    {
        if (user && prefix is not null)
        {
            terminal.MarkupLine("[red]Give either --user or --prefix DIR, not both.[/]");
            return null;
        }
        return prefix is null ? JupyterPaths.UserKernelDirectory : JupyterPaths.PrefixKernelDirectory(prefix);
    }

    private static Command Install(IAnsiConsole terminal)
    {
        var (user, prefix) = LocationOptions();
        var command = new Command("install", "Register the course kernel with Jupyter front ends (writes a kernelspec)") { user, prefix };
        command.SetAction(parse =>
        {
            var kernels = KernelsDirectory(terminal, parse.GetValue(user), parse.GetValue(prefix));
            if (kernels is null) return 2;
            string folder;
            var launch = KernelSpec.CourseCommand();
            try { folder = KernelSpec.Install(kernels, launch); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                terminal.MarkupLine($"[red]Cannot write the kernelspec into {Markup.Escape(kernels)}: {Markup.Escape(e.Message)}[/] Choose a folder you can write (--user, or --prefix DIR).");
                return 1;
            }
            terminal.MarkupLine($"[green]Installed[/] the kernelspec [bold]{CourseKernelSpec.Name}[/] ({Markup.Escape(CourseKernelSpec.DisplayName)}) in {Markup.Escape(folder)}");
            terminal.MarkupLine($"[grey]It starts: {Markup.Escape(string.Join(' ', launch))} kernel --connection-file {{connection_file}}[/]");
            var searched = JupyterPaths.KernelDirectories;
            var first = KernelSpec.FindInstalled().FirstOrDefault();
            if (!searched.Any(d => SamePath(d, kernels)))
            {
                terminal.MarkupLine($"[yellow]Jupyter does not search {Markup.Escape(kernels)} unless told to:[/] set JUPYTER_PATH={Markup.Escape(Path.GetDirectoryName(kernels)!)} for the front end, or install with --user.");
            }
            else if (first is not null && !SamePath(Path.GetDirectoryName(Path.GetDirectoryName(first)!)!, kernels))
            {
                terminal.MarkupLine($"[yellow]Another course kernelspec comes first in Jupyter's search order and wins:[/] {Markup.Escape(first)}. Remove it (course kernel uninstall --prefix …) or reinstall there.");
            }
            terminal.MarkupLine("Next: open a notebook in VS Code, [bold]Select Kernel → Jupyter Kernel… → " + Markup.Escape(CourseKernelSpec.DisplayName) + "[/] (the course's notebooks pick it by themselves). [grey]course doctor checks that it starts.[/]");
            return 0;
        });
        return command;
    }

    private static Command Uninstall(IAnsiConsole terminal)
    {
        var (user, prefix) = LocationOptions();
        var command = new Command("uninstall", "Remove the course kernel's kernelspec") { user, prefix };
        command.SetAction(parse =>
        {
            var kernels = KernelsDirectory(terminal, parse.GetValue(user), parse.GetValue(prefix));
            if (kernels is null) return 2;
            if (KernelSpec.Uninstall(kernels))
            {
                terminal.MarkupLine($"[green]Removed[/] {Markup.Escape(Path.Combine(kernels, CourseKernelSpec.Name))}");
                return 0;
            }
            var elsewhere = KernelSpec.FindInstalled();
            terminal.MarkupLine($"The course kernel is not installed in {Markup.Escape(kernels)}." +
                                (elsewhere.Count > 0 ? $" It is installed in: {Markup.Escape(string.Join(", ", elsewhere.Select(Path.GetDirectoryName)))} (use --prefix to remove those)." : ""));
            return elsewhere.Count > 0 ? 1 : 0;
        });
        return command;
    }

    private static bool SamePath(string a, string b) => string.Equals(
        Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar),
        OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);
}
