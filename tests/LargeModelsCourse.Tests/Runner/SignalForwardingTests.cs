using System.Diagnostics;
using System.Globalization;
using LargeModelsCourse.Processes;
using LargeModelsCourse.Tests.Processes;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Runner;

/// <summary>
/// `course` re-executes itself with glibc's malloc tuning; a SIGTERM to the parent (what Jupyter, IDEs and
/// `kill` send) or a SIGHUP (the terminal closed) must end the child too, never leave it running as an orphan.
/// </summary>
public sealed class SignalForwardingTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("HUP")]
    public async Task A_signal_to_the_reexecuting_parent_ends_the_child_and_leaves_no_orphan(string signal)
    {
        if (!OperatingSystem.IsLinux()) return;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repo.Root };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "course.dll"));
        foreach (var a in new[] { "run", Path.Combine(Repo.Fixtures, "notebooks", "slow.ipynb"), "--out", Path.Combine(Repo.Artifacts, "signal-" + signal) })
            start.ArgumentList.Add(a);
        // Without the tunables the parent re-executes itself; that is the case under test.
        foreach (var name in new[] { "GLIBC_TUNABLES", "COURSE_REEXEC", "COURSE_MALLOC" }) start.Environment.Remove(name);
        start.Environment["NO_COLOR"] = "1";
        using var parent = Process.Start(start)!;
        var output = parent.StandardOutput.ReadToEndAsync();
        var error = parent.StandardError.ReadToEndAsync();
        int child;
        try
        {
            child = WaitForChild(parent.Id, TimeSpan.FromSeconds(60));
            // Let the child's runtime come up (it starts the 20-second cell soon after).
            await Task.Delay(2000);
            Assert.True(ChildProcessTests.IsRunning(child), "the child ended before the signal was sent");
            Assert.True(ChildProcess.Run("kill", ["-" + signal, parent.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10)).Ok);
            Assert.True(parent.WaitForExit(TimeSpan.FromSeconds(15)), $"the parent did not exit after SIG{signal}");
        }
        finally
        {
            if (!parent.HasExited) parent.Kill(entireProcessTree: true);
        }
        // The parent waits for the child before it exits, so the child is gone now, well before its cell's 20 s.
        var gone = !ChildProcessTests.IsRunning(child);
        if (!gone) Process.GetProcessById(child).Kill();
        Assert.True(gone, $"the child {child} outlived its parent.\nstdout: {await output}\nstderr: {await error}");
    }

    private static int WaitForChild(int parent, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            foreach (var folder in Directory.GetDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(folder), out var pid)) continue;
                try
                {
                    var ppid = File.ReadLines(Path.Combine(folder, "status")).FirstOrDefault(l => l.StartsWith("PPid:", StringComparison.Ordinal));
                    if (ppid is not null && int.Parse(ppid["PPid:".Length..].Trim(), CultureInfo.InvariantCulture) == parent) return pid;
                }
                catch (IOException)
                {
                    // The process ended while we looked.
                }
                catch (UnauthorizedAccessException)
                {
                }
            }
            Thread.Sleep(100);
        }
        throw new Xunit.Sdk.XunitException($"course (pid {parent}) did not re-execute itself within {limit}");
    }
}
