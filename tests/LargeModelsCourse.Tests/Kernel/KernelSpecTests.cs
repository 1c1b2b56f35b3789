using System.CommandLine;
using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Doctor;
using LargeModelsCourse.Runner.Hosting;
using LargeModelsCourse.Runner.Kernel;
using LargeModelsCourse.Runner.Kernel.Install;
using LargeModelsCourse.Runner.Notebooks;
using LargeModelsCourse.Tests.Support;
using Spectre.Console;
using Xunit;

namespace LargeModelsCourse.Tests.Kernel;

/// <summary>Sets environment variables for one test and puts the old values back.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> saved = [];

    public EnvironmentScope Set(string name, string? value)
    {
        if (!saved.ContainsKey(name)) saved[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
        return this;
    }

    public void Dispose()
    {
        foreach (var (name, value) in saved) Environment.SetEnvironmentVariable(name, value);
    }
}

/// <summary><c>course kernel install/uninstall</c>, Jupyter's search paths, and the doctor's kernel checks.</summary>
[Collection(SerialCollection.Name)]
public sealed class KernelSpecTests
{
    [Fact]
    public void InstallWritesAKernelspecThatStartsThisCourse()
    {
        var prefix = Directory.CreateTempSubdirectory("course-kernel-install-").FullName;
        try
        {
            var (exit, output) = Invoke("kernel", "install", "--prefix", prefix);
            Assert.Equal(0, exit);
            var file = Path.Combine(prefix, "share", "jupyter", "kernels", CourseKernelSpec.Name, "kernel.json");
            Assert.Contains(Path.GetDirectoryName(file)!, output, StringComparison.Ordinal);
            var json = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var argv = json["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToList();
            Assert.Equal([.. KernelSpec.CourseCommand(), "kernel", "--connection-file", "{connection_file}"], argv);
            Assert.True(File.Exists(argv[0]), $"argv[0] {argv[0]} should be the dotnet executable");
            Assert.EndsWith("course.dll", argv[1], StringComparison.Ordinal);
            Assert.Equal(CourseKernelSpec.DisplayName, json["display_name"]!.GetValue<string>());
            Assert.Equal("csharp", json["language"]!.GetValue<string>());
            Assert.Equal("message", json["interrupt_mode"]!.GetValue<string>());
            if (OperatingSystem.IsLinux()) Assert.Equal(MallocTuning.Tunables, json["env"]!["GLIBC_TUNABLES"]!.GetValue<string>());

            (exit, _) = Invoke("kernel", "uninstall", "--prefix", prefix);
            Assert.Equal(0, exit);
            Assert.False(File.Exists(file));
        }
        finally
        {
            Directory.Delete(prefix, recursive: true);
        }
    }

    [Fact]
    public void InstallRefusesUserAndPrefixTogether()
    {
        var (exit, output) = Invoke("kernel", "install", "--user", "--prefix", Path.GetTempPath());
        Assert.Equal(2, exit);
        Assert.Contains("either --user or --prefix", output, StringComparison.Ordinal);
    }

    [Fact]
    public void KernelWithoutConnectionFileExplainsHowFrontEndsStartIt()
    {
        var (exit, output) = Invoke("kernel");
        Assert.Equal(2, exit);
        Assert.Contains("course kernel install", output, StringComparison.Ordinal);
    }

    [Fact]
    public void SearchPathsFollowJupyterCore()
    {
        using var env = new EnvironmentScope()
            .Set("JUPYTER_PATH", string.Join(Path.PathSeparator, "/opt/a", "/opt/b/"))
            .Set("JUPYTER_DATA_DIR", null)
            .Set("XDG_DATA_HOME", "/xdg");
        var kernels = JupyterPaths.KernelDirectories;
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(["/opt/a/kernels", "/opt/b/kernels", "/xdg/jupyter/kernels", "/usr/local/share/jupyter/kernels", "/usr/share/jupyter/kernels"], kernels);
            env.Set("XDG_DATA_HOME", null);
            Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "jupyter"), JupyterPaths.UserDataDirectory);
        }
        env.Set("JUPYTER_DATA_DIR", "/custom/data");
        Assert.Equal(Path.Combine("/custom/data", "kernels"), JupyterPaths.UserKernelDirectory);
        Assert.Equal(Path.Combine(Path.GetFullPath("/p"), "share", "jupyter", "kernels"), JupyterPaths.PrefixKernelDirectory("/p"));
    }

    [Fact]
    public void DoctorFindsTheInstalledKernelAndSeesItStart()
    {
        using var spec = new TemporaryKernelspec();
        using var env = new EnvironmentScope().Set("JUPYTER_PATH", spec.JupyterPath);
        var results = KernelChecks.Run().ToList();
        Assert.Equal(2, results.Count);
        Assert.True(results[0].State == CheckState.Ok, $"{results[0].Finding} / {results[0].Fix}");
        Assert.Contains(spec.KernelJson, results[0].Finding, StringComparison.Ordinal);
        Assert.True(results[1].State == CheckState.Ok, $"{results[1].Finding} / {results[1].Fix}");
        Assert.Contains("protocol 5.3, largemodelscourse", results[1].Finding, StringComparison.Ordinal);
    }

    [Fact]
    public void DoctorSaysHowToInstallWhenTheKernelIsMissing()
    {
        var empty = Directory.CreateTempSubdirectory("course-kernel-none-").FullName;
        try
        {
            using var env = new EnvironmentScope().Set("JUPYTER_PATH", null).Set("JUPYTER_DATA_DIR", empty);
            var elsewhere = KernelSpec.FindInstalled();
            if (elsewhere.Count > 0)
            {
                // A system-wide install on this machine: the doctor must find that one instead of warning.
                var found = KernelChecks.Run().First();
                Assert.True(found.State == CheckState.Ok, $"a kernel is installed at {elsewhere[0]}, but the doctor says: {found.Finding}");
                return;
            }
            var result = Assert.Single(KernelChecks.Run());
            Assert.Equal(CheckState.Warning, result.State);
            Assert.Contains(Path.Combine(empty, "kernels"), result.Finding, StringComparison.Ordinal);
            Assert.Contains("course kernel install", result.Fix, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Fact]
    public void DoctorNoticesAKernelspecPointingAtAMissingCourse()
    {
        var prefix = Directory.CreateTempSubdirectory("course-kernel-stale-").FullName;
        try
        {
            KernelSpec.Install(JupyterPaths.PrefixKernelDirectory(prefix), [KernelSpec.DotnetHost(), Path.Combine(prefix, "gone", "course.dll")]);
            using var env = new EnvironmentScope().Set("JUPYTER_PATH", Path.Combine(prefix, "share", "jupyter"));
            var result = KernelChecks.Installed();
            Assert.Equal(CheckState.Warning, result.State);
            Assert.Contains("no longer exists", result.Finding, StringComparison.Ordinal);
            Assert.Contains("course kernel install", result.Fix, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(prefix, recursive: true);
        }
    }

    private static (int Exit, string Output) Invoke(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
        console.Profile.Width = 400;
        var root = new RootCommand { KernelCommand.Create(console) };
        var exit = root.Parse(args).Invoke();
        return (exit, writer.ToString());
    }
}
