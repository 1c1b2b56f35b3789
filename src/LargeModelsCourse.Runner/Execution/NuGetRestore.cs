using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// Restores a package the course does not ship, for <c>#r "nuget: Name, Version"</c>, through the .NET SDK's own
/// NuGet: a throw-away project with one <c>PackageReference</c> is restored with <c>dotnet restore</c>, so the user's
/// NuGet configuration (sources, credentials, proxies) and global packages folder apply, dependencies are resolved
/// the way a project would resolve them, and <c>project.assets.json</c> says which files to load. A package whose
/// project and assets are already on disk (an earlier session) is served from there without running NuGet.
/// </summary>
public sealed partial class NuGetRestore
{
    private readonly ConcurrentDictionary<string, RestoredPackage> restored = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> nativeLibraries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> managedPaths = new(StringComparer.Ordinal);

    /// <summary>Restores into <paramref name="workFolder"/> (one sub-folder per package and version).</summary>
    public NuGetRestore(string workFolder)
    {
        WorkFolder = workFolder;
        // A restored assembly's [DllImport]s look in its packages' native folders (NuGet does not copy them next to it).
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => RegisterNativeResolver(e.LoadedAssembly);
    }

    /// <summary>The restorer every session of this process shares (one cache, one native resolver).</summary>
    public static NuGetRestore Shared { get; } = new(DefaultWorkFolder());

    /// <summary>Where the generated projects and their restore results live.</summary>
    public string WorkFolder { get; }

    /// <summary>The folder <c>COURSE_NUGET_WORK</c> names, else the user's cache folder.</summary>
    public static string DefaultWorkFolder()
    {
        if (Environment.GetEnvironmentVariable("COURSE_NUGET_WORK") is { Length: > 0 } configured) return Path.GetFullPath(configured);
        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cache, "largemodelscourse", "nuget");
    }

    /// <summary>
    /// The package's assemblies (its dependencies' too) for <c>#r "nuget: <paramref name="name"/>, <paramref name="version"/>"</c>.
    /// </summary>
    /// <param name="name">The package id.</param>
    /// <param name="version">A version or range as NuGet accepts it; null or empty means the newest stable one.</param>
    /// <param name="extraSources">Package sources the notebook adds with <c>#i "nuget: …"</c>.</param>
    /// <exception cref="PackageRestoreException">NuGet could not restore it: says which package, why and what to do.</exception>
    public RestoredPackage Restore(string name, string? version, IReadOnlyList<string> extraSources)
    {
        if (!PackageId().IsMatch(name))
            throw new PackageRestoreException($"#r \"nuget: {name}\": \"{name}\" is not a NuGet package id (letters, digits, '.', '-' and '_').");
        var wanted = string.IsNullOrWhiteSpace(version) ? "*" : version.Trim();
        if (wanted.IndexOfAny(['"', '<', '>', '&', ';', '\n']) >= 0)
            throw new PackageRestoreException($"#r \"nuget: {name}, {version}\": \"{version}\" is not a NuGet version or range (for example 3.0.10 or [3.0,4.0)).");
        var key = $"{name}|{wanted}|{string.Join('|', extraSources)}";
        if (restored.TryGetValue(key, out var known)) return known with { FromCache = true };
        var package = RestoreOnce(name, wanted, extraSources);
        restored[key] = package;
        foreach (var path in package.Assemblies) managedPaths[path] = true;
        foreach (var native in package.NativeLibraries) nativeLibraries.TryAdd(Path.GetFileName(native), native);
        return package;
    }

    private RestoredPackage RestoreOnce(string name, string version, IReadOnlyList<string> extraSources)
    {
        var framework = $"net{Environment.Version.Major}.0";
        var project = ProjectText(name, version, framework, extraSources);
        var folder = Path.Combine(WorkFolder, FolderName(name, version, project));
        var projectFile = Path.Combine(folder, "restore.csproj");
        var assetsFile = Path.Combine(folder, "obj", "project.assets.json");
        Directory.CreateDirectory(folder);
        using var exclusive = LockFolder(folder);
        // A floating version ("*", a range) is resolved again in every new process; an exact one is served from disk.
        var exact = ExactVersion().IsMatch(version);
        if (exact && File.Exists(assetsFile) && File.Exists(projectFile) && File.ReadAllText(projectFile) == project
            && ReadAssets(assetsFile, name, framework) is { } cached && cached.Assemblies.All(File.Exists))
            return cached with { FromCache = true };

        WriteAtomically(projectFile, project);
        var (exitCode, output) = RunDotnetRestore(projectFile);
        if (exitCode != 0 || !File.Exists(assetsFile))
            throw new PackageRestoreException(Explain(name, version, output));
        return ReadAssets(assetsFile, name, framework)
            ?? throw new PackageRestoreException($"#r \"nuget: {name}, {version}\": NuGet restored it, but {assetsFile} does not list it for {framework}. Delete {folder} and run the cell again.");
    }

    private static string ProjectText(string name, string version, string framework, IReadOnlyList<string> extraSources)
    {
        var text = new StringBuilder();
        text.AppendLine("<!-- Generated by the course to restore one #r \"nuget: …\" package; safe to delete. -->");
        text.AppendLine("<Project Sdk=\"Microsoft.NET.Sdk\">");
        text.AppendLine("  <PropertyGroup>");
        text.AppendLine($"    <TargetFramework>{framework}</TargetFramework>");
        text.AppendLine("    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>");
        // The package may target an older framework or pull in a vulnerable transitive version: that is the notebook's choice.
        text.AppendLine("    <NuGetAudit>false</NuGetAudit>");
        text.AppendLine("    <TreatWarningsAsErrors>false</TreatWarningsAsErrors>");
        if (extraSources.Count > 0)
            text.AppendLine($"    <RestoreAdditionalProjectSources>{Escape(string.Join(';', extraSources))}</RestoreAdditionalProjectSources>");
        text.AppendLine("  </PropertyGroup>");
        text.AppendLine("  <ItemGroup>");
        text.AppendLine($"    <PackageReference Include=\"{Escape(name)}\" Version=\"{Escape(version)}\" />");
        text.AppendLine("  </ItemGroup>");
        text.AppendLine("</Project>");
        return text.ToString();
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);

    private static string FolderName(string name, string version, string project)
    {
        var safe = string.Concat($"{name}-{version}".ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' ? c : '_'));
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(project)))[..8].ToLowerInvariant();
        return $"{safe}-{hash}";
    }

    /// <summary>Runs <c>dotnet restore</c> on the generated project; returns its exit code and output.</summary>
    private static (int ExitCode, string Output) RunDotnetRestore(string projectFile)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(projectFile)!,
        };
        foreach (var argument in new[]
                 {
                     "restore", projectFile, "--nologo", "-v", "quiet",
                     // Nothing from the folders above the cache (a Directory.Build.props, central versions) applies.
                     "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false",
                 })
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // A host started by `dotnet test` or `dotnet run` inherits MSBuild's settings for that build; this restore finds its own.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(name);
        using var process = Process.Start(start) ?? throw new PackageRestoreException("could not start `dotnet restore`: is the .NET SDK on PATH?");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "`dotnet restore` did not finish within 5 minutes");
        }
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>The <c>dotnet</c> that runs the course (the SDK's host), else the one on PATH.</summary>
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)) return host;
        if (Environment.ProcessPath is { } process && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        return "dotnet";
    }

    private static string Explain(string name, string version, string output)
    {
        var codes = NuGetError().Matches(output).Select(m => m.Value.Trim()).Distinct().Take(4).ToList();
        var detail = codes.Count > 0 ? string.Join(" ", codes) : output.Trim();
        var shown = version == "*" ? name : $"{name}, {version}";
        var advice = output.Contains("NU1301", StringComparison.Ordinal) || output.Contains("Unable to load the service index", StringComparison.Ordinal)
            ? "This machine could not reach a package source (offline?). Connect and run the cell again, or put the package in a local folder and add it with #i \"nuget: /path/to/folder\"."
            : output.Contains("NU1101", StringComparison.Ordinal) || output.Contains("NU1102", StringComparison.Ordinal)
                ? $"Check the package id and version on nuget.org (or your own feed; `dotnet nuget list source` shows the sources NuGet used), then fix the line to #r \"nuget: {name}, VERSION\"."
                : "Run `dotnet restore` on a project with this PackageReference to see NuGet's full output.";
        return $"#r \"nuget: {shown}\": NuGet could not restore {name} {version}. {detail} {advice}";
    }

    /// <summary>Reads the package's closure (runtime assemblies and native libraries for this machine) from the assets file.</summary>
    private static RestoredPackage? ReadAssets(string assetsFile, string name, string framework)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(assetsFile));
        var root = json.RootElement;
        var packageFolders = root.GetProperty("packageFolders").EnumerateObject().Select(p => p.Name).ToList();
        if (!root.GetProperty("targets").TryGetProperty(framework, out var target)) return null;
        var libraries = root.GetProperty("libraries");
        string? version = null;
        var assemblies = new List<string>();
        var natives = new List<string>();
        var rids = RuntimeFallbacks();
        foreach (var entry in target.EnumerateObject())
        {
            var separator = entry.Name.IndexOf('/', StringComparison.Ordinal);
            var id = entry.Name[..separator];
            if (!entry.Value.TryGetProperty("type", out var type) || type.GetString() != "package") continue;
            if (string.Equals(id, name, StringComparison.OrdinalIgnoreCase)) version = entry.Name[(separator + 1)..];
            var path = libraries.GetProperty(entry.Name).GetProperty("path").GetString()!;
            string? Locate(string asset) => packageFolders.Select(f => Path.Combine(f, path, asset)).FirstOrDefault(File.Exists)
                ?? Path.Combine(packageFolders[0], path, asset);
            if (entry.Value.TryGetProperty("runtime", out var runtime))
                assemblies.AddRange(runtime.EnumerateObject().Where(a => !a.Name.EndsWith("/_._", StringComparison.Ordinal)).Select(a => Locate(a.Name)!));
            if (entry.Value.TryGetProperty("native", out var native))
                natives.AddRange(native.EnumerateObject().Where(a => !a.Name.EndsWith("/_._", StringComparison.Ordinal)).Select(a => Locate(a.Name)!));
            if (entry.Value.TryGetProperty("runtimeTargets", out var runtimeTargets))
            {
                // Natives for this machine's platform, the most specific runtime identifier first.
                var forHere = runtimeTargets.EnumerateObject()
                    .Where(a => a.Value.GetProperty("assetType").GetString() == "native" && !a.Name.EndsWith("/_._", StringComparison.Ordinal))
                    .Select(a => (Asset: a.Name, Rank: rids.IndexOf(a.Value.GetProperty("rid").GetString() ?? "")))
                    .Where(a => a.Rank >= 0)
                    .OrderBy(a => a.Rank);
                natives.AddRange(forHere.DistinctBy(a => Path.GetFileName(a.Asset)).Select(a => Locate(a.Asset)!));
            }
        }
        return version is null ? null : new RestoredPackage(name, version, UseShippedCopies(assemblies), natives, FromCache: false);
    }

    /// <summary>
    /// An assembly the course already ships (FSharp.Core, Newtonsoft.Json, …) is the one this process has loaded or
    /// will load: the script compiles against that copy, not a second one from the package's dependencies.
    /// </summary>
    private static List<string> UseShippedCopies(List<string> assemblies)
    {
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        return assemblies.Select(a => trusted.TryGetValue(Path.GetFileNameWithoutExtension(a), out var shipped) ? shipped : a).Distinct().ToList();
    }

    /// <summary>This machine's runtime identifier and the more general ones NuGet falls back to.</summary>
    private static List<string> RuntimeFallbacks()
    {
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
        var list = new List<string> { RuntimeInformation.RuntimeIdentifier, $"{os}-{arch}", os };
        if (!OperatingSystem.IsWindows()) list.Add("unix");
        list.Add("any");
        return list.Distinct().ToList();
    }

    private void RegisterNativeResolver(Assembly assembly)
    {
        if (assembly.IsDynamic || nativeLibraries.IsEmpty || !managedPaths.ContainsKey(assembly.Location)) return;
        try { NativeLibrary.SetDllImportResolver(assembly, ResolveNative); }
        catch (InvalidOperationException)
        {
            // The assembly set its own resolver: it knows best where its natives are.
        }
    }

    private IntPtr ResolveNative(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        var file = Path.GetFileName(libraryName);
        string[] candidates = [file, $"{file}.so", $"lib{file}.so", $"{file}.dll", $"lib{file}.dylib", $"{file}.dylib"];
        foreach (var candidate in candidates)
            if (nativeLibraries.TryGetValue(candidate, out var path) && NativeLibrary.TryLoad(path, out var handle)) return handle;
        return IntPtr.Zero;
    }

    /// <summary>Serialises restores of one folder across processes (two notebooks asking for one package at once).</summary>
    private static FileStream LockFolder(string folder)
    {
        var lockFile = Path.Combine(folder, ".lock");
        for (var attempt = 0; ; attempt++)
        {
            try { return new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (attempt < 600) { Thread.Sleep(500); }
        }
    }

    private static void WriteAtomically(string path, string text)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")]
    private static partial Regex PackageId();

    [GeneratedRegex(@"^\[?\d+(\.\d+){1,3}(-[0-9A-Za-z.\-]+)?(\+[0-9A-Za-z.\-]+)?\]?$")]
    private static partial Regex ExactVersion();

    [GeneratedRegex(@"(NU\d{4}):[^\r\n]*")]
    private static partial Regex NuGetError();
}

/// <summary>A package NuGet restored for a notebook: its resolved version and the files to load.</summary>
/// <param name="Name">The package id as the notebook wrote it.</param>
/// <param name="Version">The version NuGet resolved.</param>
/// <param name="Assemblies">Runtime assemblies of the package and its dependencies.</param>
/// <param name="NativeLibraries">Native libraries of the closure for this platform.</param>
/// <param name="FromCache">True when no <c>dotnet restore</c> ran for this request.</param>
public sealed record RestoredPackage(string Name, string Version, IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeLibraries, bool FromCache);

/// <summary>A <c>#r "nuget: …"</c> NuGet could not restore.</summary>
public sealed class PackageRestoreException(string message) : Exception(message);
