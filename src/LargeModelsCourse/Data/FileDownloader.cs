using System.Net;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Data;

/// <summary>
/// Downloads one dataset file safely: HTTPS only, streamed into a temporary file in the destination folder
/// while it is hashed, checked against the manifest's size and checksum, and only then renamed into place.
/// A failed, cut-off or wrong download deletes its temporary file, so a half-written file can never be
/// mistaken for the real one.
/// </summary>
public sealed class FileDownloader
{
    private static readonly Lazy<HttpClient> DefaultClient = new(() => new HttpClient(new SocketsHttpHandler
    {
        ConnectTimeout = TimeSpan.FromSeconds(20),
        AutomaticDecompression = DecompressionMethods.None, // the checksum is of the bytes as published
    })
    { Timeout = TimeSpan.FromMinutes(30) });

    private readonly HttpClient _http;

    /// <summary>Creates a downloader.</summary>
    /// <param name="http">The client to use; a shared one by default.</param>
    /// <param name="allowLoopbackHttp">
    /// Accept plain <c>http://</c> for 127.0.0.1/localhost only. The course's own tests need it (a loopback test
    /// server cannot present a trusted certificate); nothing else should set it.
    /// </param>
    public FileDownloader(HttpClient? http = null, bool allowLoopbackHttp = false)
    {
        _http = http ?? DefaultClient.Value;
        AllowLoopbackHttp = allowLoopbackHttp;
    }

    /// <summary>Whether plain HTTP to a loopback address is accepted (tests only).</summary>
    public bool AllowLoopbackHttp { get; }

    /// <summary>
    /// Downloads <paramref name="file"/> into <paramref name="folder"/>, trying each downloadable copy's addresses
    /// in turn, and returns the final path. Throws <see cref="DatasetDownloadException"/> when every address failed.
    /// </summary>
    public string Download(DatasetFile file, string folder, CancellationToken cancel = default)
    {
        var failures = new List<DatasetDownloadException>();
        foreach (var copy in file.Downloadable)
            foreach (var url in copy.DownloadUrls)
            {
                try
                {
                    return Download(url, copy, Path.Combine(folder, file.Name), cancel);
                }
                catch (DatasetDownloadException e)
                {
                    failures.Add(e);
                }
            }
        if (failures.Count == 0)
            throw new DatasetDownloadException(DownloadFailure.Network, file.Name, $"{file.Name} has no download address in the manifest");
        if (failures.Count == 1) throw failures[0];
        throw new DatasetDownloadException(failures[^1].Failure, failures[^1].Source,
            $"every address for {file.Name} failed:\n  " + string.Join("\n  ", failures.Select(f => f.Message)), failures[^1]);
    }

    /// <summary>
    /// Downloads <paramref name="url"/> to <paramref name="destination"/>, verifying it is exactly <paramref name="expected"/>.
    /// </summary>
    public string Download(string url, FileCopy expected, string destination, CancellationToken cancel = default)
    {
        var uri = CheckAddress(url, AllowLoopbackHttp);
        var folder = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(folder);
        // Same folder as the destination, so the final rename is atomic (same file system).
        var temp = Path.Combine(folder, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.partial");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, Notebook.Cancellation);
        long received = 0;
        long? announced = null;
        var bodyStarted = false;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (!response.IsSuccessStatusCode)
                throw new DatasetDownloadException(DownloadFailure.Network, url,
                    $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            announced = response.Content.Headers.ContentLength;
            bodyStarted = true;
            FileDigest digest;
            using (var body = response.Content.ReadAsStream(linked.Token))
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            using (var hasher = new DigestAccumulator())
            {
                var buffer = new byte[1 << 20];
                int read;
                while ((read = body.Read(buffer)) > 0)
                {
                    linked.Token.ThrowIfCancellationRequested();
                    hasher.Append(buffer.AsSpan(0, read));
                    output.Write(buffer, 0, read);
                    received += read;
                }
                output.Flush(flushToDisk: true);
                digest = hasher.Finish();
            }
            if (received < expected.Bytes || (announced is { } length && received < length))
                throw Truncated(url, received, announced ?? expected.Bytes, destination, null);
            if (!digest.Matches(expected))
                throw new DatasetDownloadException(DownloadFailure.ChecksumMismatch, url,
                    $"{url} is not the file the course expects: expected {expected.Checksum} ({expected.Bytes:N0} bytes), " +
                    $"got {digest.Describe(expected)}. The download was deleted. The server may hold a different version " +
                    $"or the transfer was damaged: try again, or put a verified copy at {destination} yourself.");
            File.Move(temp, destination, overwrite: true);
            return destination;
        }
        catch (DatasetDownloadException)
        {
            throw;
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or HttpRequestException && bodyStarted)
        {
            throw Truncated(url, received, announced ?? expected.Bytes, destination, e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or TaskCanceledException)
        {
            throw new DatasetDownloadException(DownloadFailure.Network, url,
                $"could not download {url}: {e.Message}. Without a network, put the file at {destination} yourself.", e);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>
    /// Accepts an HTTPS address; refuses anything else, except plain HTTP to a loopback host when
    /// <paramref name="allowLoopbackHttp"/> is set (the course's own tests).
    /// </summary>
    public static Uri CheckAddress(string url, bool allowLoopbackHttp = false)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new DatasetDownloadException(DownloadFailure.Insecure, url, $"'{url}' is not an absolute URL");
        if (uri.Scheme == Uri.UriSchemeHttps) return uri;
        if (uri.Scheme == Uri.UriSchemeHttp && allowLoopbackHttp && uri.IsLoopback) return uri;
        throw new DatasetDownloadException(DownloadFailure.Insecure, url,
            $"refusing to download {url}: the course downloads data only over HTTPS, so nobody on the network can swap the file" +
            (uri.Scheme == Uri.UriSchemeHttp ? " (plain HTTP is accepted only for loopback test servers, when explicitly allowed)" : ""));
    }

    private static DatasetDownloadException Truncated(string url, long received, long expected, string destination, Exception? inner) =>
        new(DownloadFailure.Truncated, url,
            $"the download of {url} was cut off after {received:N0} of {expected:N0} bytes; the partial file was deleted. " +
            $"Try again (a flaky connection), or put the complete file at {destination} yourself.", inner);
}
