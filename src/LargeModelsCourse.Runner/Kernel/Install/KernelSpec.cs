using System.Text.Json;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Hosting;
using LargeModelsCourse.Runner.Notebooks;

namespace LargeModelsCourse.Runner.Kernel.Install;

/// <summary>
/// The course kernel's kernelspec: a folder named <see cref="CourseKernelSpec.Name"/> holding
/// <c>kernel.json</c>, which tells front ends how to start the kernel. Writing, reading and removing it.
/// </summary>
public static class KernelSpec
{
    /// <summary>The file inside the kernelspec folder.</summary>
    public const string FileName = "kernel.json";

    /// <summary>The command that starts this very <c>course</c> tool, to which kernel arguments are appended.</summary>
    /// <remarks>
    /// Always <c>dotnet path/course.dll</c> through the dotnet executable of the running .NET: the
    /// <c>course</c> app host would need DOTNET_ROOT when .NET is installed in a user folder, and front ends
    /// started from a desktop menu do not see a shell's DOTNET_ROOT.
    /// </remarks>
    public static IReadOnlyList<string> CourseCommand()
    {
        var assembly = typeof(KernelSpec).Assembly.Location;
        return [DotnetHost(), assembly];
    }

    /// <summary>The dotnet executable running this process (the host that can start course.dll).</summary>
    public static string DotnetHost()
    {
        var exe = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        if (Environment.ProcessPath is { } process && Path.GetFileName(process).Equals(exe, StringComparison.OrdinalIgnoreCase)) return process;
        // <root>/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll → <root>/dotnet
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location);
        if (runtimeDir is not null)
        {
            var candidate = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", "..", exe));
            if (File.Exists(candidate)) return candidate;
        }
        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : exe;
    }

    /// <summary>The kernel.json for a kernel started by <paramref name="command"/>.</summary>
    public static JsonObject KernelJson(IReadOnlyList<string> command)
    {
        var argv = new JsonArray(command.Concat(["kernel", "--connection-file", "{connection_file}"]).Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        var json = new JsonObject
        {
            ["argv"] = argv,
            ["display_name"] = CourseKernelSpec.DisplayName,
            ["language"] = "csharp",
            ["interrupt_mode"] = "message",
            ["metadata"] = new JsonObject { ["debugger"] = false },
        };
        // glibc reads its malloc settings only at process start: the front end must start the kernel with
        // them, since `course kernel` does not re-execute itself (it is bound to the front end's process).
        if (OperatingSystem.IsLinux()) json["env"] = new JsonObject { ["GLIBC_TUNABLES"] = MallocTuning.Tunables };
        return json;
    }

    /// <summary>Writes the kernelspec into <paramref name="kernelsDirectory"/>; returns its folder.</summary>
    public static string Install(string kernelsDirectory, IReadOnlyList<string> command)
    {
        var folder = Path.Combine(kernelsDirectory, CourseKernelSpec.Name);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, FileName);
        var temporary = file + ".tmp";
        File.WriteAllText(temporary, KernelJson(command).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        File.Move(temporary, file, overwrite: true);
        WriteServedPlotly(folder);
        return folder;
    }

    // A Jupyter server serves the kernelspec folder's files: charts whose page lacks plotly.js (the output that carried
    // it was cleared, or JupyterLab has not rendered it yet) fetch this copy. Older versions' copies are removed.
    private static void WriteServedPlotly(string folder)
    {
        var target = Path.Combine(folder, PlotlyOutput.ServedLibraryFileName);
        if (!File.Exists(target) || new FileInfo(target).Length != System.Text.Encoding.UTF8.GetByteCount(PlotlyOutput.LibrarySource))
        {
            var temporary = target + ".tmp";
            File.WriteAllText(temporary, PlotlyOutput.LibrarySource);
            File.Move(temporary, target, overwrite: true);
        }
        foreach (var stale in Directory.EnumerateFiles(folder, "plotly-*.min.js"))
            if (!string.Equals(Path.GetFileName(stale), PlotlyOutput.ServedLibraryFileName, StringComparison.Ordinal)) File.Delete(stale);
    }

    /// <summary>Removes the kernelspec from <paramref name="kernelsDirectory"/>; false when it was not there.</summary>
    public static bool Uninstall(string kernelsDirectory)
    {
        var folder = Path.Combine(kernelsDirectory, CourseKernelSpec.Name);
        if (!File.Exists(Path.Combine(folder, FileName))) return false;
        Directory.Delete(folder, recursive: true);
        return true;
    }

    /// <summary>Every installed course kernelspec, in the order Jupyter searches (the first one wins).</summary>
    public static IReadOnlyList<string> FindInstalled() => JupyterPaths.KernelDirectories
        .Select(d => Path.Combine(d, CourseKernelSpec.Name, FileName))
        .Where(File.Exists)
        .ToList();

    /// <summary>Reads a kernel.json's argv.</summary>
    /// <exception cref="InvalidDataException">The file is not a kernel.json with an argv list of strings.</exception>
    public static IReadOnlyList<string> ReadArgv(string kernelJson) => Read(kernelJson).Argv;

    /// <summary>Reads a kernel.json's argv and env.</summary>
    /// <exception cref="InvalidDataException">The file is not a kernel.json with an argv list of strings.</exception>
    public static (IReadOnlyList<string> Argv, IReadOnlyDictionary<string, string> Env) Read(string kernelJson)
    {
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(kernelJson)) as JsonObject ?? throw new JsonException("not an object"); }
        catch (JsonException e) { throw new InvalidDataException($"{kernelJson} is not valid JSON ({e.Message})"); }
        if (json["argv"] is not JsonArray argv || argv.Count == 0 || argv.Any(a => a is not JsonValue v || !v.TryGetValue<string>(out _)))
            throw new InvalidDataException($"{kernelJson} has no \"argv\" list of strings");
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json["env"] is JsonObject variables)
            foreach (var (name, value) in variables)
                if (value is JsonValue v && v.TryGetValue<string>(out var s)) env[name] = s;
        return (argv.Select(a => a!.GetValue<string>()).ToList(), env);
    }
}
