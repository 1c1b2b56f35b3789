using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LargeModelsCourse.Runner.Hosting;

/// <summary>
/// glibc's default malloc hands libtorch's per-step buffers back to the kernel and faults them in again
/// every training step; raising its mmap and trim thresholds keeps them in the heap (a TorchSharp LeNet
/// epoch measured 7% faster here, PyTorch 1.3–2.8×). glibc reads the setting only at process start, so
/// the course tool re-executes itself once with <c>GLIBC_TUNABLES</c> set. <c>COURSE_MALLOC=default</c> opts out.
/// </summary>
public static class MallocTuning
{
    /// <summary>The thresholds: 32 MiB before mmap, 2 GiB before trimming.</summary>
    public const string Tunables = "glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=2147483648";

    /// <summary>True when this process runs with the tuned thresholds.</summary>
    public static bool Active => (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? "").Contains("mmap_threshold", StringComparison.Ordinal);

    /// <summary>
    /// On Linux without the tunables, runs this same command again with them set and returns its exit
    /// code; otherwise null (carry on in this process).
    /// </summary>
    public static int? ReexecuteIfNeeded(string[] args)
    {
        if (!OperatingSystem.IsLinux() || Active) return null;
        if (string.Equals(Environment.GetEnvironmentVariable("COURSE_MALLOC"), "default", StringComparison.OrdinalIgnoreCase)) return null;
        if (Environment.GetEnvironmentVariable("COURSE_REEXEC") == "1") return null;
        var host = Environment.ProcessPath;
        if (host is null) return null;
        var start = new ProcessStartInfo(host) { UseShellExecute = false };
        // Under `dotnet course.dll`, the host is dotnet and the first argument the assembly.
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(typeof(MallocTuning).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        var old = Environment.GetEnvironmentVariable("GLIBC_TUNABLES");
        start.Environment["GLIBC_TUNABLES"] = string.IsNullOrEmpty(old) ? Tunables : $"{Tunables}:{old}";
        start.Environment["COURSE_REEXEC"] = "1";
        // Ctrl+C reaches both processes (the terminal signals the whole group); the child handles it and
        // this one just waits for its exit code.
        Console.CancelKeyPress += (_, e) => e.Cancel = true;
        // SIGTERM (what Jupyter, IDEs, systemd and `kill` send), SIGHUP and SIGQUIT reach only this process:
        // pass them on and keep waiting, so the child ends the way it was asked to and is never orphaned.
        // Registered before the child starts, so a signal in between is held and passed on once it runs.
        using var forwarding = new SignalForwarding();
        using var child = Process.Start(start);
        if (child is null) return null;
        forwarding.Started(child.Id);
        child.WaitForExit();
        return child.ExitCode;
    }

    /// <summary>Passes SIGTERM, SIGHUP and SIGQUIT that this process receives on to the child, instead of dying of them.</summary>
    private sealed class SignalForwarding : IDisposable
    {
        // Linux's numbers (this path runs on Linux only): PosixSignal's values are not the native ones.
        private static readonly (PosixSignal Signal, int Native)[] Forwarded =
            [(PosixSignal.SIGTERM, 15), (PosixSignal.SIGHUP, 1), (PosixSignal.SIGQUIT, 3)];

        private readonly List<PosixSignalRegistration> registrations = [];
        private readonly Lock gate = new();
        private readonly List<int> pending = [];
        private int child;

        public SignalForwarding()
        {
            foreach (var (signal, native) in Forwarded)
            {
                registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    lock (gate)
                    {
                        if (child == 0) pending.Add(native);
                        else _ = SendSignal(child, native);
                    }
                }));
            }
        }

        /// <summary>The child is running: signals from now on go straight to it, and any that came before follow.</summary>
        public void Started(int pid)
        {
            lock (gate)
            {
                child = pid;
                foreach (var native in pending) _ = SendSignal(pid, native);
                pending.Clear();
            }
        }

        public void Dispose()
        {
            foreach (var registration in registrations) registration.Dispose();
        }

        // DllImport rather than LibraryImport: the source-generated form needs unsafe code enabled for the
        // whole runner, for one call with two integers that needs no marshalling.
#pragma warning disable SYSLIB1054
        [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
        private static extern int SendSignal(int pid, int signal);
#pragma warning restore SYSLIB1054
    }
}
