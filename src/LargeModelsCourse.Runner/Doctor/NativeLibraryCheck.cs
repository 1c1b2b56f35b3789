using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using LargeModelsCourse.Processes;

namespace LargeModelsCourse.Runner.Doctor;

/// <summary>
/// Loads TorchSharp's native library and, when that fails, finds the real cause. TorchSharp reports any
/// failure to load <c>libLibTorchSharp</c> as a missing libtorch-cpu package reference; on Linux the usual
/// cause is a libstdc++ older than GCC 13's (no <c>GLIBCXX_3.4.32</c>), which <c>ldd</c> reveals.
/// </summary>
public static class NativeLibraryCheck
{
    /// <summary>The libstdc++ symbol version TorchSharp 0.107's native library needs.</summary>
    public const string RequiredGlibcxx = "GLIBCXX_3.4.32";

    /// <summary>Tries a tensor operation and explains a failure.</summary>
    public static CheckResult Run()
    {
        try
        {
            using var t = TorchSharp.torch.ones(2, 2).sum();
            var value = t.item<float>();
            return new CheckResult("TorchSharp native library", CheckState.Ok,
                $"libtorch {TorchSharp.torch.__version__} loaded; ones(2,2).sum() = {value}; notebooks train with {LargeModelsCourse.Course.Threads} of libtorch's {TorchSharp.torch.get_num_threads()} thread(s) (one core is left for the host; OMP_NUM_THREADS overrides)");
        }
        catch (Exception e)
        {
            return Diagnose(e);
        }
    }

    /// <summary>Names the real cause of a native-loading failure.</summary>
    public static CheckResult Diagnose(Exception e)
    {
        var finding = new StringBuilder($"TorchSharp failed to load: {e.GetType().Name}: {FirstLine(e.Message)}");
        if (!OperatingSystem.IsLinux())
            return new CheckResult("TorchSharp native library", CheckState.Failed, finding.ToString(),
                "Reinstall with `dotnet restore`; on macOS TorchSharp 0.107 supports Apple silicon only (see environment.md).");

        var native = FindNativeLibrary();
        var libstdcxx = FindLibStdCxx();
        if (libstdcxx is not null && !HasSymbolVersion(libstdcxx, RequiredGlibcxx))
        {
            finding.Append($". The real cause: {libstdcxx} lacks {RequiredGlibcxx} (TorchSharp 0.107 is built with GCC 13)");
            return new CheckResult("TorchSharp native library", CheckState.Failed, finding.ToString(),
                "Run ./scripts/setup.sh (on Debian 12 it installs libstdc++6 from Debian 13 through a low-priority pinned source), or install GCC 13's libstdc++ (Ubuntu 24.04 has it). See environment.md. Do not put /usr/lib/x86_64-linux-gnu in LD_LIBRARY_PATH.");
        }
        if (native is not null)
        {
            var missing = LddMissing(native);
            if (missing.Length > 0)
            {
                finding.Append($". ldd {native}: {missing}");
                return new CheckResult("TorchSharp native library", CheckState.Failed, finding.ToString(),
                    "Install the libraries ldd reports as missing, then run `course doctor` again.");
            }
        }
        return new CheckResult("TorchSharp native library", CheckState.Failed, finding.ToString(),
            "Run `dotnet restore` so the libtorch-cpu packages are present, then `course doctor` again.");
    }

    /// <summary>True when <paramref name="library"/> defines <paramref name="version"/> (as strings(1) would find it).</summary>
    public static bool HasSymbolVersion(string library, string version)
    {
        var needle = Encoding.ASCII.GetBytes(version + "\0");
        var bytes = File.ReadAllBytes(library);
        return bytes.AsSpan().IndexOf(needle) >= 0;
    }

    /// <summary>The libstdc++ the dynamic loader would pick, found through ldconfig's usual folders.</summary>
    public static string? FindLibStdCxx()
    {
        string[] candidates =
        [
            $"/usr/lib/{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant() switch { "arm64" => "aarch64", _ => "x86_64" }}-linux-gnu/libstdc++.so.6",
            "/usr/lib64/libstdc++.so.6", "/usr/lib/libstdc++.so.6",
        ];
        return candidates.FirstOrDefault(File.Exists);
    }

    private static string? FindNativeLibrary()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "runtimes", $"linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}", "native", "libLibTorchSharp.so");
        if (File.Exists(beside)) return beside;
        var flat = Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so");
        return File.Exists(flat) ? flat : null;
    }

    private static string LddMissing(string library)
    {
        try
        {
            var ldd = ChildProcess.Run("ldd", [library], TimeSpan.FromSeconds(30));
            var text = ldd.Output + ldd.Error;
            return string.Join("; ", text.Split('\n').Where(l => l.Contains("not found", StringComparison.Ordinal)).Select(l => l.Trim()));
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "";
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
