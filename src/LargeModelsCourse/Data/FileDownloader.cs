using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Data;

/// <summary>
/// Downloads one dataset file safely: HTTPS only, streamed into a temporary file in the destination folder
/// while it is hashed, checked against the manifest's size and checksum, and only then renamed into place.
/// A failed, cut-off or wrong download deletes its temporary file, so a half-written file can never be
/// mistaken for the real one. A server cannot make it write more than the manifest's size (it stops at the
/// first byte too many, or before the body when <c>Content-Length</c> disagrees) nor hang it (every wait has an
/// idle timeout, and Interrupt stops it).
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
    public FileDownloader(HttpClient? http = null) : this(http, allowLoopbackHttp: false)
    {
    }

    /// <summary>
    /// A downloader that also accepts plain <c>http://</c> to 127.0.0.1/localhost: the course's own tests need
    /// it (a loopback test server cannot present a trusted certificate), so it is not part of the public API.
    /// </summary>
    internal FileDownloader(HttpClient? http, bool allowLoopbackHttp)
    {
        _http = http ?? DefaultClient.Value;
        AllowLoopbackHttp = allowLoopbackHttp;
    }

    /// <summary>Whether plain HTTP to a loopback address is accepted (tests only).</summary>
    internal bool AllowLoopbackHttp { get; }

    /// <summary>
    /// How long a transfer may go without receiving a byte (waiting for the answer or within the body)
    /// before it counts as stalled; 60 s by default. <see cref="HttpClient.Timeout"/> covers only the
    /// whole request, which for a large file must be long.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Downloads <paramref name="file"/> into <paramref name="folder"/>, trying each downloadable copy's addresses
    /// in turn, and returns the final path. Throws <see cref="DatasetDownloadException"/> when every address failed.
    /// </summary>
    /// <remarks>
    /// An address whose transfer breaks off (a dropped connection, a stall, a server error) is tried once
    /// more, resuming with an HTTP <c>Range</c> request from the bytes already received, before the next
    /// address. Interrupt (<see cref="Notebook.Cancellation"/>) or <paramref name="cancel"/> stops it at
    /// once with <see cref="OperationCanceledException"/>.
    /// </remarks>
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
    /// Downloads <paramref name="url"/> to <paramref name="destination"/>, verifying it is exactly <paramref name="expected"/>;
    /// a transfer that breaks off is resumed once (see <see cref="Download(DatasetFile, string, CancellationToken)"/>).
    /// </summary>
    public string Download(string url, FileCopy expected, string destination, CancellationToken cancel = default)
    {
        var uri = CheckAddress(url, AllowLoopbackHttp);
        var folder = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(folder);
        // Same folder as the destination, so the final rename is atomic (same file system).
        var temp = Path.Combine(folder, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.partial");
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancel, Notebook.Cancellation);
        var transfer = new Transfer(url, expected, destination);
        try
        {
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                try
                {
                    Attempt(uri, transfer, output, linked.Token);
                }
                catch (DatasetDownloadException e) when (e.Failure is DownloadFailure.Network or DownloadFailure.Truncated && transfer.Retryable)
                {
                    // One more try for this address, from where the first one stopped.
                    transfer.Retried = e;
                    Attempt(uri, transfer, output, linked.Token);
                }
                output.Flush(flushToDisk: true);
            }
            var digest = transfer.Hasher.Finish();
            if (transfer.Received < expected.Bytes)
                throw Truncated(transfer, null);
            if (!digest.Matches(expected))
                throw new DatasetDownloadException(DownloadFailure.ChecksumMismatch, url,
                    $"{url} is not the file the course expects: expected {expected.Checksum} ({expected.Bytes:N0} bytes), " +
                    $"got {digest.Describe(expected)}. The download was deleted. The server may hold a different version " +
                    $"or the transfer was damaged: try again, or put a verified copy at {destination} yourself.");
            File.Move(temp, destination, overwrite: true);
            return destination;
        }
        finally
        {
            transfer.Hasher.Dispose();
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>One request: from the start, or (after a break) from <see cref="Transfer.Received"/> with a Range header.</summary>
    private void Attempt(Uri uri, Transfer transfer, FileStream output, CancellationToken cancel)
    {
        var url = transfer.Url;
        var expected = transfer.Expected;
        // Cancelled after IdleTimeout without progress; every read starts the clock again.
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            var resumeFrom = transfer.Received;
            if (resumeFrom > 0) request.Headers.Range = new RangeHeaderValue(resumeFrom, null);
            idle.CancelAfter(IdleTimeout);
            using var response = _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token).GetAwaiter().GetResult();
            if (!response.IsSuccessStatusCode)
            {
                // A server error may pass; a client error (404, 403) will not.
                transfer.Retryable = (int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout;
                throw new DatasetDownloadException(DownloadFailure.Network, url,
                    $"{url} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }
            if (resumeFrom > 0 && response.StatusCode != HttpStatusCode.PartialContent)
            {
                // The server ignored the range and sends the whole file: start again from zero.
                output.SetLength(0);
                output.Position = 0;
                transfer.Restart();
            }
            else if (resumeFrom > 0 && response.Content.Headers.ContentRange is { } range
                     && (range.From != resumeFrom || (range.Length is { } total && total != expected.Bytes)))
            {
                transfer.Retryable = false;
                throw new DatasetDownloadException(DownloadFailure.SizeMismatch, url,
                    $"{url} resumed with bytes {range.From}– of {range.Length?.ToString("N0", CultureInfo.InvariantCulture) ?? "?"} when {resumeFrom:N0}– of {expected.Bytes:N0} were asked for; the partial file was deleted.");
            }
            var announced = response.Content.Headers.ContentLength;
            if (announced is { } length && transfer.Received + length != expected.Bytes)
            {
                transfer.Retryable = false;
                throw new DatasetDownloadException(DownloadFailure.SizeMismatch, url,
                    $"{url} announces {transfer.Received + length:N0} bytes (Content-Length) but the course expects {expected.Bytes:N0}: " +
                    $"the server holds a different file, so nothing was downloaded. Put a verified copy at {transfer.Destination} yourself, or try another mirror.");
            }
            transfer.BodyStarted = true;
            var start = transfer.Received;
            using var body = response.Content.ReadAsStream(idle.Token);
            var buffer = new byte[1 << 20];
            while (true)
            {
                idle.CancelAfter(IdleTimeout);
                var read = body.ReadAsync(buffer, idle.Token).AsTask().GetAwaiter().GetResult();
                if (read == 0) break;
                if (transfer.Received + read > expected.Bytes)
                {
                    transfer.Retryable = false;
                    throw new DatasetDownloadException(DownloadFailure.SizeMismatch, url,
                        $"{url} sent more than the {expected.Bytes:N0} bytes the course expects, so the download was stopped and deleted: " +
                        $"the server holds a different file. Put a verified copy at {transfer.Destination} yourself, or try another mirror.");
                }
                transfer.Hasher.Append(buffer.AsSpan(0, read));
                output.Write(buffer, 0, read);
                transfer.Received += read;
            }
            if (announced is { } whole && transfer.Received - start < whole)
                throw Truncated(transfer, null);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException e)
        {
            // Only the idle clock is left to have cancelled it: the server stopped sending.
            throw transfer.BodyStarted
                ? Truncated(transfer, e, $"no data arrived for {IdleTimeout.TotalSeconds:0.#} s")
                : new DatasetDownloadException(DownloadFailure.Network, url,
                    $"{url} did not answer within {IdleTimeout.TotalSeconds:0.#} s. Without a network, put the file at {transfer.Destination} yourself.", e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException && transfer.BodyStarted)
        {
            throw Truncated(transfer, e);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new DatasetDownloadException(DownloadFailure.Network, url,
                $"could not download {url}: {e.Message}. Without a network, put the file at {transfer.Destination} yourself.", e);
        }
    }

    /// <summary>
    /// Accepts an HTTPS address; refuses anything else, so nobody on the network can swap the file.
    /// </summary>
    public static Uri CheckAddress(string url) => CheckAddress(url, allowLoopbackHttp: false);

    /// <summary><see cref="CheckAddress(string)"/>, with plain HTTP to loopback allowed when <paramref name="allowLoopbackHttp"/> is set (tests only).</summary>
    internal static Uri CheckAddress(string url, bool allowLoopbackHttp)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new DatasetDownloadException(DownloadFailure.Insecure, url, $"'{url}' is not an absolute URL");
        if (uri.Scheme == Uri.UriSchemeHttps) return uri;
        if (uri.Scheme == Uri.UriSchemeHttp && allowLoopbackHttp && uri.IsLoopback) return uri;
        throw new DatasetDownloadException(DownloadFailure.Insecure, url,
            $"refusing to download {url}: the course downloads data only over HTTPS, so nobody on the network can swap the file" +
            (uri.Scheme == Uri.UriSchemeHttp ? " (plain HTTP is accepted only for loopback test servers, when explicitly allowed)" : ""));
    }

    private static DatasetDownloadException Truncated(Transfer transfer, Exception? inner, string? why = null) =>
        new(DownloadFailure.Truncated, transfer.Url,
            $"the download of {transfer.Url} was cut off after {transfer.Received:N0} of {transfer.Expected.Bytes:N0} bytes" +
            (why is null ? "" : $" ({why})") + (transfer.Retried is null ? "" : ", also when resumed") + "; the partial file was deleted. " +
            $"Try again (a flaky connection), or put the complete file at {transfer.Destination} yourself.", inner);

    /// <summary>What one address's download has received so far, across its first try and its resumed one.</summary>
    private sealed class Transfer(string url, FileCopy expected, string destination)
    {
        public string Url { get; } = url;
        public FileCopy Expected { get; } = expected;
        public string Destination { get; } = destination;
        public DigestAccumulator Hasher { get; private set; } = new();
        public long Received { get; set; }
        public bool BodyStarted { get; set; }
        /// <summary>False once a failure shows that trying again cannot help (wrong size, a 404).</summary>
        public bool Retryable { get; set; } = true;
        /// <summary>The failure of the first try, once the address has been retried.</summary>
        public DatasetDownloadException? Retried { get; set; }

        public void Restart()
        {
            Hasher.Dispose();
            Hasher = new DigestAccumulator();
            Received = 0;
        }
    }
}
