using System.Text.Json.Nodes;
using LargeModelsCourse.Processes;
using LargeModelsCourse.Runner.Kernel;
using LargeModelsCourse.Runner.Kernel.Protocol;
using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.Kernel;

/// <summary>
/// The connection file: written owner-only from its first byte, read with clear errors for an empty key and
/// values of the wrong type, including through a real `course kernel` process.
/// </summary>
public sealed class ConnectionFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("lmc-connection-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static JsonObject Valid() => ConnectionInfo.CreateLoopback().ToJson();

    private string Write(JsonObject json)
    {
        var path = Path.Combine(folder, $"kernel-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    [Fact]
    public void The_file_is_owner_only_from_the_moment_it_exists_even_over_a_readable_one()
    {
        if (OperatingSystem.IsWindows()) return;
        var path = Path.Combine(folder, "kernel.json");
        File.WriteAllText(path, "{}");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        // Every file that appears in the folder while saving is looked at as soon as it is seen.
        var seen = new List<(string Name, UnixFileMode Mode)>();
        using (var watcher = new FileSystemWatcher(folder) { EnableRaisingEvents = true })
        {
            void Look(string file)
            {
                if (OperatingSystem.IsWindows()) return;
                try
                {
                    var mode = File.GetUnixFileMode(file);
                    lock (seen) seen.Add((Path.GetFileName(file), mode));
                }
                catch (IOException)
                {
                    // Already renamed away.
                }
            }
            watcher.Created += (_, e) => Look(e.FullPath);
            watcher.Changed += (_, e) => Look(e.FullPath);
            watcher.Renamed += (_, e) => Look(e.FullPath);
            for (var i = 0; i < 20; i++) ConnectionInfo.CreateLoopback().Save(path);
            Thread.Sleep(500);
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.NotEmpty(seen);
        lock (seen) Assert.All(seen, s => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, s.Mode));
        Assert.Equal(["kernel.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal(64, ConnectionInfo.Load(path).Key.Length);
    }

    [Fact]
    public void An_empty_key_is_refused_with_why()
    {
        var json = Valid();
        json["key"] = "";
        var error = Assert.Throws<KernelStartupException>(() => ConnectionInfo.Load(Write(json)));
        Assert.Contains("empty \"key\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("any program on this machine could run code", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("key", "123", "\"key\" as the number 123; it must be a string")]
    [InlineData("ip", "[\"127.0.0.1\"]", "\"ip\" as an array; it must be a string")]
    [InlineData("transport", "{\"tcp\": true}", "\"transport\" as an object; it must be a string")]
    [InlineData("signature_scheme", "true", "\"signature_scheme\" as the boolean true; it must be a string")]
    [InlineData("shell_port", "\"5555\"", "no valid \"shell_port\" (a TCP port number from 1 to 65535; it is the string \"5555\")")]
    [InlineData("hb_port", "1.5", "no valid \"hb_port\"")]
    public void A_value_of_the_wrong_type_is_a_clear_startup_error(string name, string value, string expected)
    {
        var json = Valid();
        json[name] = JsonNode.Parse(value);
        var error = Assert.Throws<KernelStartupException>(() => ConnectionInfo.Load(Write(json)));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_kernel_process_reports_a_wrong_type_and_exits_instead_of_crashing()
    {
        var json = Valid();
        json["key"] = 42;
        var result = ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "course.dll"), "kernel", "--connection-file", Write(json)],
            TimeSpan.FromMinutes(2), workingDirectory: Repo.Root);
        var all = result.Output + result.Error;
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("course kernel: cannot start:", all, StringComparison.Ordinal);
        Assert.Contains("\"key\" as the number 42; it must be a string", all, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", all, StringComparison.Ordinal);
    }
}
