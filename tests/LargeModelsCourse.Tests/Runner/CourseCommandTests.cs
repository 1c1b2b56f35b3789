using LargeModelsCourse.Processes;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Runner;

/// <summary>The `course` tool as a newcomer runs it: a separate process, its exit code and what it prints.</summary>
public class CourseCommandTests
{
    internal static (int ExitCode, string Output) Course(params string[] arguments)
    {
        var result = ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "course.dll"), .. arguments], TimeSpan.FromMinutes(10),
            workingDirectory: Repo.Root, environment: new Dictionary<string, string?> { ["NO_COLOR"] = "1" }, captureLimit: int.MaxValue);
        return (result.ExitCode, result.Output + result.Error);
    }

    [Fact]
    public void A_broken_notebook_fails_the_run_naming_notebook_cell_and_line()
    {
        var output = Path.Combine(Repo.Artifacts, "cli-failing");
        var (exitCode, text) = Course("run", Path.Combine(Repo.Fixtures, "notebooks", "failing.ipynb"), "--out", output);
        Assert.Equal(1, exitCode);
        var flat = string.Join(" ", text.Split((char[])['\n', '\r'], StringSplitOptions.TrimEntries));
        Assert.Contains("failing.ipynb, cell 4, line 2: ArgumentOutOfRangeException", flat, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "failing.ipynb")), "the executed copy up to the failure is written");
    }

    [Fact]
    public void A_malformed_notebook_is_named_with_what_is_wrong()
    {
        var (exitCode, text) = Course("run", Path.Combine(Repo.Fixtures, "notebooks", "malformed.ipynb"), "--out", Path.Combine(Repo.Artifacts, "cli-malformed"));
        Assert.Equal(2, exitCode);
        Assert.Contains("malformed.ipynb", text, StringComparison.Ordinal);
        Assert.Contains("JSON is malformed", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Doctor_reports_healthy_on_a_set_up_machine()
    {
        var (exitCode, text) = Course("doctor");
        Assert.True(exitCode == 0, text);
        Assert.Contains("TorchSharp native library", text, StringComparison.Ordinal);
        Assert.Contains("Healthy", text, StringComparison.Ordinal);
    }
}
