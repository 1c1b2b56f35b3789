namespace LargeModelsCourse.Runner.Kernel.Install;

/// <summary>
/// Where Jupyter front ends look for kernelspecs, with the semantics of <c>jupyter --paths</c>
/// (jupyter_core): <c>JUPYTER_PATH</c> entries first, then the user's data folder, then the system folders.
/// VS Code's Jupyter extension searches the same folders.
/// </summary>
public static class JupyterPaths
{
    /// <summary>
    /// The user's Jupyter data folder: <c>JUPYTER_DATA_DIR</c>, else <c>~/.local/share/jupyter</c> on Linux
    /// (<c>$XDG_DATA_HOME/jupyter</c> when set), <c>~/Library/Jupyter</c> on macOS, <c>%APPDATA%\jupyter</c> on Windows.
    /// </summary>
    public static string UserDataDirectory
    {
        get
        {
            if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } explicitDir) return explicitDir;
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter");
            if (OperatingSystem.IsWindows())
            {
                var appData = Environment.GetEnvironmentVariable("APPDATA");
                return string.IsNullOrEmpty(appData) ? Path.Combine(home, ".jupyter", "data") : Path.Combine(appData, "jupyter");
            }
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter");
        }
    }

    /// <summary>The system-wide data folders Jupyter searches last.</summary>
    public static IReadOnlyList<string> SystemDataDirectories => OperatingSystem.IsWindows()
        ? [Path.Combine(Environment.GetEnvironmentVariable("PROGRAMDATA") ?? @"C:\ProgramData", "jupyter")]
        : ["/usr/local/share/jupyter", "/usr/share/jupyter"];

    /// <summary>The data folders in search order (duplicates removed).</summary>
    public static IReadOnlyList<string> DataDirectories
    {
        get
        {
            var paths = new List<string>();
            if (Environment.GetEnvironmentVariable("JUPYTER_PATH") is { Length: > 0 } jupyterPath)
                paths.AddRange(jupyterPath.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(p => p.TrimEnd(Path.DirectorySeparatorChar)));
            paths.Add(UserDataDirectory);
            paths.AddRange(SystemDataDirectories);
            return paths.Distinct(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>The <c>kernels</c> folders in search order.</summary>
    public static IReadOnlyList<string> KernelDirectories => DataDirectories.Select(d => Path.Combine(d, "kernels")).ToList();

    /// <summary>The user's kernels folder (what <c>--user</c> installs into).</summary>
    public static string UserKernelDirectory => Path.Combine(UserDataDirectory, "kernels");

    /// <summary>The kernels folder under an installation prefix (<c>PREFIX/share/jupyter/kernels</c>).</summary>
    public static string PrefixKernelDirectory(string prefix) => Path.Combine(Path.GetFullPath(prefix), "share", "jupyter", "kernels");
}
