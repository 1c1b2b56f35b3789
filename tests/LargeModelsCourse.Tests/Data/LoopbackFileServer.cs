using System.Net;
using System.Net.Sockets;

namespace LargeModelsCourse.Tests.Data;

/// <summary>
/// A tiny HTTP server on 127.0.0.1 (HttpListener) for download tests. It serves a file as it is ("/good"),
/// with one byte flipped ("/corrupt"), cut off half-way after announcing the full length ("/truncated"),
/// ending early without announcing a length ("/short"), or not at all ("/missing" → 404). Hostile and
/// flaky ones: an endless body ("/oversized"), a Content-Length that is not the file's ("/wronglength"), half
/// the file and then silence ("/stall"; "/stall-once" only the first time), half and a dropped connection
/// the first time ("/drop-once"); after that "-once" routes honour a Range request with 206 ("/drop-norange"
/// ignores it and sends the whole file again). Requests are answered concurrently, so a stalled one does not
/// hold up the retry. It listens only on loopback and stops when disposed.
/// </summary>
public sealed class LoopbackFileServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly byte[] _content;
    private readonly Task _loop;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _perRoute = [];
    private readonly List<string?> _ranges = [];
    private long _bodyBytesSent;
    private int _requests;

    public LoopbackFileServer(byte[] content)
    {
        _content = content;
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    /// <summary>How many requests arrived (to prove a test really went over HTTP).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>How many requests arrived for one route.</summary>
    public int RequestsTo(string route)
    {
        lock (_perRoute) return _perRoute.GetValueOrDefault(route);
    }

    /// <summary>The Range header of every request, in order of arrival (null when there was none).</summary>
    public IReadOnlyList<string?> Ranges
    {
        get { lock (_ranges) return _ranges.ToList(); }
    }

    /// <summary>Body bytes the server managed to send in all (for the endless route).</summary>
    public long BodyBytesSent => Interlocked.Read(ref _bodyBytesSent);

    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}";

    /// <summary>A loopback port nothing listens on (for "no network" tests).</summary>
    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            Interlocked.Increment(ref _requests);
            _ = Task.Run(async () =>
            {
                try
                {
                    await Respond(context);
                }
                catch (Exception e) when (e is HttpListenerException or IOException or ObjectDisposedException or OperationCanceledException)
                {
                    // The client went away (or the server is stopping); nothing to do.
                }
            });
        }
    }

    private async Task Respond(HttpListenerContext context)
    {
        var response = context.Response;
        var path = context.Request.Url!.AbsolutePath.TrimStart('/');
        var name = path.Contains('/') ? path[..path.IndexOf('/')] : path;
        int attempt;
        lock (_perRoute) attempt = _perRoute[name] = _perRoute.GetValueOrDefault(name) + 1;
        var range = context.Request.Headers["Range"];
        lock (_ranges) _ranges.Add(range);
        switch (name)
        {
            case "oversized":
                // No length announced, and it never ends: the client must stop it.
                response.SendChunked = true;
                var junk = new byte[64 * 1024];
                await response.OutputStream.WriteAsync(_content, _stop.Token);
                while (!_stop.IsCancellationRequested)
                {
                    await response.OutputStream.WriteAsync(junk, _stop.Token);
                    Interlocked.Add(ref _bodyBytesSent, junk.Length);
                }
                break;
            case "wronglength":
                response.ContentLength64 = _content.Length + 10;
                await response.OutputStream.WriteAsync(_content, _stop.Token);
                await response.OutputStream.WriteAsync(new byte[10], _stop.Token);
                response.Close();
                break;
            case "stall" or "stall-once" or "drop-once" or "drop-norange" when attempt == 1 || name == "stall":
                response.ContentLength64 = _content.Length;
                await response.OutputStream.WriteAsync(_content.AsMemory(0, _content.Length / 2), _stop.Token);
                await response.OutputStream.FlushAsync(_stop.Token);
                if (name.StartsWith("drop", StringComparison.Ordinal))
                {
                    // Give the client time to read the half that was sent: an abort (a reset) that overtakes the data
                    // would discard it unread on a busy machine, and the client would rightly start over.
                    await Task.Delay(TimeSpan.FromMilliseconds(500), _stop.Token);
                    response.Abort();
                    break;
                }
                await Task.Delay(Timeout.Infinite, _stop.Token);
                break;
            case "stall-once" or "drop-once" when range is { } header && header.StartsWith("bytes=", StringComparison.Ordinal) && header.EndsWith('-'):
                var from = int.Parse(header["bytes=".Length..^1], System.Globalization.CultureInfo.InvariantCulture);
                response.StatusCode = 206;
                response.AddHeader("Content-Range", $"bytes {from}-{_content.Length - 1}/{_content.Length}");
                response.ContentLength64 = _content.Length - from;
                await response.OutputStream.WriteAsync(_content.AsMemory(from), _stop.Token);
                response.Close();
                break;
            case "drop-norange" or "stall-once" or "drop-once":
                response.ContentLength64 = _content.Length;
                await response.OutputStream.WriteAsync(_content, _stop.Token);
                response.Close();
                break;
            case "good":
                response.ContentLength64 = _content.Length;
                await response.OutputStream.WriteAsync(_content);
                response.Close();
                break;
            case "corrupt":
                var corrupt = (byte[])_content.Clone();
                corrupt[corrupt.Length / 2] ^= 0xFF;
                response.ContentLength64 = corrupt.Length;
                await response.OutputStream.WriteAsync(corrupt);
                response.Close();
                break;
            case "truncated":
                // Announce the whole length, send half, then drop the connection.
                response.ContentLength64 = _content.Length;
                await response.OutputStream.WriteAsync(_content.AsMemory(0, _content.Length / 2));
                await response.OutputStream.FlushAsync();
                response.Abort();
                break;
            case "short":
                // No length announced (chunked); a well-formed response that simply holds too few bytes.
                response.SendChunked = true;
                await response.OutputStream.WriteAsync(_content.AsMemory(0, _content.Length / 2));
                response.Close();
                break;
            default:
                response.StatusCode = 404;
                response.Close();
                break;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }
}
