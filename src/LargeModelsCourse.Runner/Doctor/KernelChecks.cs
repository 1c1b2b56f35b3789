using System.Diagnostics;
using System.Globalization;
using LargeModelsCourse.Runner.Kernel;
using LargeModelsCourse.Runner.Kernel.Client;
using LargeModelsCourse.Runner.Kernel.Install;
using LargeModelsCourse.Runner.Kernel.Protocol;
using LargeModelsCourse.Runner.Notebooks;

namespace LargeModelsCourse.Runner.Doctor;

/// <summary>Whether the course's Jupyter kernel is installed where front ends look, and whether it starts.</summary>
public static class KernelChecks
{
    /// <summary>How long the installed kernel may take to answer kernel_info (a cold .NET start plus Roslyn).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private const string Name = "course kernel";
    private const string InstallFix = "Run `course kernel install` (then pick \"" + CourseKernelSpec.DisplayName + "\" in VS Code's kernel picker).";

    /// <summary>Both checks: installed, then starts (only tried when installed).</summary>
    public static IEnumerable<CheckResult> Run()
    {
        var installed = Installed();
        yield return installed;
        if (installed.State == CheckState.Ok || KernelSpec.FindInstalled().Count > 0) yield return Starts();
    }

    /// <summary>Is the kernelspec installed where Jupyter looks, and does it point at a course that exists?</summary>
    public static CheckResult Installed()
    {
        var found = KernelSpec.FindInstalled();
        if (found.Count == 0)
            return new CheckResult(Name, CheckState.Warning,
                $"the kernelspec {CourseKernelSpec.Name} is not installed; Jupyter and VS Code look in: {string.Join(", ", JupyterPaths.KernelDirectories)}",
                InstallFix);
        var spec = found[0];
        IReadOnlyList<string> argv;
        try { argv = KernelSpec.ReadArgv(spec); }
        catch (InvalidDataException e)
        {
            return new CheckResult(Name, CheckState.Warning, e.Message, "Run `course kernel install` again to rewrite it.");
        }
        var missing = argv.Take(2).Where(a => Path.IsPathRooted(a) && !File.Exists(a)).ToList();
        if (missing.Count > 0)
            return new CheckResult(Name, CheckState.Warning,
                $"{spec} starts {string.Join(", ", missing)}, which no longer exists (moved or cleaned build?)",
                "Run `course kernel install` again from the course's checkout.");
        var here = KernelSpec.CourseCommand();
        var course = argv.FirstOrDefault(a => a.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) ?? argv[0];
        if (!argv.Contains(here[^1], OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal))
            return new CheckResult(Name, CheckState.Warning,
                $"installed at {spec}, but it starts another copy of the course: {course} (this one is {here[^1]})",
                "Run `course kernel install` from this checkout if you mean to use this copy.");
        var shadowed = found.Count > 1 ? $"; also found (unused, later in the search order): {string.Join(", ", found.Skip(1))}" : "";
        return new CheckResult(Name, CheckState.Ok, $"installed at {spec}; starts {course}{shadowed}");
    }

    /// <summary>Starts the installed kernel as a front end would and waits for its kernel_info_reply.</summary>
    public static CheckResult Starts()
    {
        var spec = KernelSpec.FindInstalled().FirstOrDefault();
        if (spec is null) return new CheckResult("course kernel starts", CheckState.Warning, "not tried: the kernel is not installed", InstallFix);
        var clock = Stopwatch.StartNew();
        try
        {
            using var kernel = KernelProcess.Start(spec, Path.GetTempPath());
            using var client = new KernelClient(kernel.Connection);
            var request = client.Send(KernelChannel.Shell, "kernel_info_request");
            var reply = client.WaitForReply(KernelChannel.Shell, request, StartTimeout);
            if (reply is null)
            {
                var exited = kernel.Process.HasExited ? $" It exited with code {kernel.Process.ExitCode}." : "";
                return new CheckResult("course kernel starts", CheckState.Warning,
                    $"the kernel did not answer kernel_info within {StartTimeout.TotalSeconds:0} s.{exited} Its output: {Tail(kernel.Output)}",
                    "Run `course doctor` again; if it persists, run `course kernel install` again and check the output above.");
            }
            var seconds = clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
            var content = reply.Content;
            client.Send(KernelChannel.Control, "shutdown_request", new() { ["restart"] = false });
            kernel.WaitForExit(TimeSpan.FromSeconds(10));
            return new CheckResult("course kernel starts", CheckState.Ok,
                $"answered kernel_info in {seconds} s: protocol {JupyterMessage.Text(content, "protocol_version")}, {JupyterMessage.Text(content, "implementation")} {JupyterMessage.Text(content, "implementation_version")}");
        }
        catch (Exception e) when (e is InvalidDataException or System.ComponentModel.Win32Exception or IOException)
        {
            return new CheckResult("course kernel starts", CheckState.Warning, $"the kernel could not be started: {e.Message}",
                "Run `course kernel install` again from the course's checkout.");
        }
    }

    private static string Tail(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(nothing)" : string.Join(" | ", lines.TakeLast(5));
    }
}
