using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LargeModelsCourse.Tests.FrontEnds;

/// <summary>
/// A Jupyter front end's server (classic Notebook 6.4 or JupyterLab 4.0, from Debian's packages) on 127.0.0.1 with a
/// token, in private config/data/runtime folders, finding the course kernel through JUPYTER_PATH. Disposing ends
/// the server and the kernels it started (its process tree).
/// </summary>
internal sealed class JupyterServer : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder log = new();

    private JupyterServer(Process process, int port, string token, string home)
    {
        this.process = process;
        Port = port;
        Token = token;
        Home = home;
    }

    /// <summary>The port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The token every request carries.</summary>
    public string Token { get; }

    /// <summary>The folder holding the notebooks (the server's root) and its private Jupyter folders.</summary>
    public string Home { get; }

    /// <summary>The notebooks' folder.</summary>
    public string Notebooks => Path.Combine(Home, "notebooks");

    /// <summary>What the server printed so far.</summary>
    public string Log { get { lock (log) return log.ToString(); } }

    /// <summary>Starts <paramref name="command"/> (argv; port, token and root are appended) and waits until it answers.</summary>
    public static async Task<JupyterServer> StartAsync(string home, IReadOnlyList<string> command, IReadOnlyDictionary<string, string> environment,
        Func<int, string, string, IEnumerable<string>> serverArguments)
    {
        var port = FreePort();
        var token = Guid.NewGuid().ToString("N");
        foreach (var folder in new[] { "notebooks", "config", "data", "runtime" }) Directory.CreateDirectory(Path.Combine(home, folder));
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = home };
        foreach (var argument in command.Skip(1).Concat(serverArguments(port, token, Path.Combine(home, "notebooks")))) start.ArgumentList.Add(argument);
        start.Environment["JUPYTER_CONFIG_DIR"] = Path.Combine(home, "config");
        start.Environment["JUPYTER_DATA_DIR"] = Path.Combine(home, "data");
        start.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(home, "runtime");
        start.Environment["JUPYTER_PLATFORM_DIRS"] = "1";
        start.Environment["HOME"] = home;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var server = new JupyterServer(Process.Start(start)!, port, token, home);
        server.process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (server.log) server.log.AppendLine(e.Data); };
        server.process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (server.log) server.log.AppendLine(e.Data); };
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        using var http = new HttpClient();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (server.process.HasExited) throw new InvalidOperationException($"the Jupyter server ended ({server.process.ExitCode}):\n{server.Log}");
            try
            {
                var response = await http.GetAsync($"http://127.0.0.1:{port}/api/status?token={token}");
                if (response.StatusCode == HttpStatusCode.OK) return server;
            }
            catch (HttpRequestException) { }
            if (DateTime.UtcNow > until) { server.Dispose(); throw new TimeoutException($"the Jupyter server did not answer within 60 s:\n{server.Log}"); }
            await Task.Delay(200);
        }
    }

    /// <summary>The address of <paramref name="path"/> with the token.</summary>
    public string Url(string path) => $"http://127.0.0.1:{Port}/{path}{(path.Contains('?', StringComparison.Ordinal) ? "&" : "?")}token={Token}";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException) { }
        process.Dispose();
    }
}
