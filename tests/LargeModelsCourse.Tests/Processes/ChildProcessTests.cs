using System.Diagnostics;
using LargeModelsCourse.Processes;

namespace LargeModelsCourse.Tests.Processes;

/// <summary>
/// The one helper that runs programs to completion, with real child processes (sh, sleep): a flood on
/// stderr does not deadlock it, the timeout kills the whole tree, Interrupt stops it, a missing program is
/// a clear error.
/// </summary>
public sealed class ChildProcessTests
{
    [Fact]
    public void A_child_that_fills_stderr_before_writing_stdout_does_not_deadlock()
    {
        // 8 MB on stderr (a pipe holds 64 KB) and then a line on stdout: read one stream after the other and
        // the child blocks on the full stderr pipe forever.
        var clock = Stopwatch.StartNew();
        var result = ChildProcess.Run("sh", ["-c", "head -c 8000000 /dev/zero | tr '\\0' e >&2; echo END >&2; echo done"], TimeSpan.FromSeconds(60));
        Assert.True(result.Ok, $"exit {result.ExitCode}, timed out: {result.TimedOut}");
        Assert.Equal("done\n", result.Output);
        // The head and the tail of the flood are kept, with what was left out between them said.
        Assert.InRange(result.Error.Length, ChildProcess.CaptureLimit, ChildProcess.CaptureLimit + 100);
        Assert.StartsWith("eeee", result.Error, StringComparison.Ordinal);
        Assert.EndsWith("eeeeEND\n", result.Error, StringComparison.Ordinal);
        Assert.Contains($"… {8_000_004 - ChildProcess.CaptureLimit:N0} characters omitted …", result.Error, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(50), $"took {clock.Elapsed}");
    }

    [Fact]
    public void The_timeout_kills_the_child_and_its_children()
    {
        var pidFile = Path.Combine(Path.GetTempPath(), $"lmc-child-{Guid.NewGuid():N}.pid");
        try
        {
            var clock = Stopwatch.StartNew();
            // The child starts a grandchild, records its pid, and both would sleep for ten minutes.
            var result = ChildProcess.Run("sh", ["-c", $"sleep 600 & echo $! > {pidFile}; echo started; wait"], TimeSpan.FromSeconds(2));
            Assert.True(result.TimedOut);
            Assert.False(result.Ok);
            Assert.Equal("started\n", result.Output);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
            var grandchild = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            // SIGKILL takes effect when the process is next scheduled: allow a moment, not ten minutes.
            for (var i = 0; i < 50 && IsRunning(grandchild); i++) Thread.Sleep(100);
            Assert.False(IsRunning(grandchild), $"the grandchild {grandchild} is still running");
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    [Fact]
    public void Cancellation_stops_the_child_at_once()
    {
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        Assert.ThrowsAny<OperationCanceledException>(() => ChildProcess.Run("sleep", ["600"], TimeSpan.FromMinutes(10), interrupt.Token));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Output_exit_code_working_folder_and_environment_are_the_childs()
    {
        var folder = Directory.CreateTempSubdirectory("lmc-child-").FullName;
        try
        {
            var result = ChildProcess.Run("sh", ["-c", "pwd; echo \"$LMC_TEST_VALUE\"; echo oops >&2; exit 3"], TimeSpan.FromSeconds(30),
                workingDirectory: folder, environment: new Dictionary<string, string?> { ["LMC_TEST_VALUE"] = "set by the test" });
            Assert.Equal(3, result.ExitCode);
            Assert.False(result.TimedOut);
            Assert.Equal($"{folder}\nset by the test\n", result.Output);
            Assert.Equal("oops\n", result.Error);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_missing_program_is_a_start_error()
    {
        Assert.Throws<System.ComponentModel.Win32Exception>(() => ChildProcess.Run("lmc-no-such-program", [], TimeSpan.FromSeconds(5)));
    }

    /// <summary>True while <paramref name="pid"/> is a live process (a zombie counts as gone).</summary>
    internal static bool IsRunning(int pid)
    {
        var status = $"/proc/{pid}/status";
        if (!File.Exists(status)) return false;
        try
        {
            return !File.ReadLines(status).Any(l => l.StartsWith("State:", StringComparison.Ordinal) && l.Contains("zombie", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }
}
