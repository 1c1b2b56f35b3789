using System.Diagnostics;
using System.Text;
using LargeModelsCourse.Runner.Kernel.Install;
using LargeModelsCourse.Runner.Kernel.Protocol;

namespace LargeModelsCourse.Runner.Kernel.Client;

/// <summary>
/// A kernel started from a kernelspec the way front ends start it: a fresh connection file on free
/// loopback ports, <c>{connection_file}</c> substituted into argv, the spec's env added. Its output is kept
/// for diagnosis; disposing ends the process and deletes the connection file.
/// </summary>
public sealed class KernelProcess : IDisposable
{
    private readonly StringBuilder output = new();
    private readonly string connectionFile;

    private KernelProcess(Process process, ConnectionInfo connection, string connectionFile)
    {
        Process = process;
        Connection = connection;
        this.connectionFile = connectionFile;
    }

    /// <summary>The kernel's process.</summary>
    public Process Process { get; }

    /// <summary>Where it listens.</summary>
    public ConnectionInfo Connection { get; }

    /// <summary>What the kernel printed to stdout and stderr so far.</summary>
    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    /// <summary>Starts the kernel described by <paramref name="kernelJson"/> in <paramref name="workingDirectory"/>.</summary>
    /// <exception cref="InvalidDataException">The kernel.json is unreadable.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">Its program cannot be started.</exception>
    public static KernelProcess Start(string kernelJson, string? workingDirectory = null)
    {
        var (argv, env) = KernelSpec.Read(kernelJson);
        var connection = ConnectionInfo.CreateLoopback();
        var file = Path.Combine(Path.GetTempPath(), $"course-kernel-{Guid.NewGuid():N}.json");
        connection.Save(file);
        var resourceDir = Path.GetDirectoryName(Path.GetFullPath(kernelJson))!;
        var start = new ProcessStartInfo(argv[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var argument in argv.Skip(1))
            start.ArgumentList.Add(argument.Replace("{connection_file}", file, StringComparison.Ordinal).Replace("{resource_dir}", resourceDir, StringComparison.Ordinal));
        foreach (var (name, value) in env) start.Environment[name] = value;
        var process = new Process { StartInfo = start };
        var kernel = new KernelProcess(process, connection, file);
        process.OutputDataReceived += (_, e) => kernel.Append(e.Data);
        process.ErrorDataReceived += (_, e) => kernel.Append(e.Data);
        try
        {
            process.Start();
        }
        catch
        {
            File.Delete(file);
            process.Dispose();
            throw;
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return kernel;
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (output) output.AppendLine(line);
    }

    /// <summary>Waits for the process to end by itself.</summary>
    public bool WaitForExit(TimeSpan timeout) => Process.WaitForExit(timeout);

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
                Process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        Process.Dispose();
        try { File.Delete(connectionFile); }
        catch (IOException) { }
    }
}
