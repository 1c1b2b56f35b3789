using LargeModelsCourse.Processes;
using LargeModelsCourse.Tests.Support;
using Xunit;

namespace LargeModelsCourse.Tests.FrontEnds;

/// <summary>
/// The private JupyterLab 4.0 that scripts/jupyterlab-prefix.sh unpacks from Debian's packages (the system's
/// apt refuses to install it here) together with the Python it was built for. Made once per machine by the script
/// (scripts/setup.sh runs it; it returns at once when the prefix is complete); a test that needs it is skipped, with
/// the script's reason, only when it cannot be made.
/// </summary>
internal static class JupyterLabPrefix
{
    private static readonly Lazy<(string? Prefix, string Reason)> Made = new(Make);

    /// <summary>The prefix (holding root/usr/...), or null.</summary>
    public static string? Prefix => Made.Value.Prefix;

    /// <summary>Why there is no prefix.</summary>
    public static string Reason => Made.Value.Reason;

    /// <summary>Where the script puts it by default.</summary>
    public static string Default => Path.Combine(Repo.Root, "artifacts", "jupyterlab");

    /// <summary>The prefix's own Python (it finds JupyterLab in the prefix's dist-packages by itself).</summary>
    public static string Python(string prefix) => Path.Combine(prefix, "root", "usr", "bin", "python3");

    /// <summary>The prefix's libraries (the OpenSSL its Python's _ssl needs), for LD_LIBRARY_PATH.</summary>
    public static string Libraries(string prefix) => Path.Combine(prefix, "root", "usr", "lib", "x86_64-linux-gnu");

    private static (string?, string) Make()
    {
        // The script returns at once when the prefix is complete, and rebuilds one an older script left.
        var script = Path.Combine(Repo.Root, "scripts", "jupyterlab-prefix.sh");
        var run = ChildProcess.Run("bash", [script, Default], TimeSpan.FromMinutes(10), captureLimit: 100_000);
        return run.ExitCode == 0 && File.Exists(Path.Combine(Default, ".complete"))
            ? (Default, "")
            : (null, $"JupyterLab could not be unpacked by scripts/jupyterlab-prefix.sh (exit {run.ExitCode}): {run.Error.Trim()}");
    }
}

/// <summary>A fact that needs the private JupyterLab: skipped, with the reason, when it cannot be made.</summary>
public sealed class JupyterLabFactAttribute : FactAttribute
{
    /// <summary>Makes the prefix (once) and skips when that fails.</summary>
    public JupyterLabFactAttribute()
    {
        if (JupyterLabPrefix.Prefix is null) Skip = JupyterLabPrefix.Reason;
    }
}
