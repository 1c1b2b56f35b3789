using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LargeModelsCourse.Runner.Kernel.Protocol;

/// <summary>
/// A Jupyter connection file: where the kernel's five sockets listen and the key that signs every
/// message. Front ends write it and start the kernel with its path (<c>{connection_file}</c> in kernel.json).
/// </summary>
public sealed record ConnectionInfo(
    string Transport, string Ip, int ShellPort, int IopubPort, int StdinPort, int ControlPort, int HeartbeatPort,
    string Key, string SignatureScheme)
{
    /// <summary>The only signature scheme Jupyter front ends use.</summary>
    public const string HmacSha256 = "hmac-sha256";

    /// <summary>Reads a connection file.</summary>
    /// <exception cref="KernelStartupException">
    /// The file is missing, not JSON, lacks a port, has a value of the wrong type, has an empty key, or asks for
    /// what this kernel cannot do.
    /// </exception>
    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path)) throw new KernelStartupException($"the connection file {path} does not exist (front ends write it and pass its path; run `course kernel install` and let VS Code or Jupyter start the kernel)");
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not a JSON object"); }
        catch (JsonException e) { throw new KernelStartupException($"the connection file {path} is not valid JSON ({e.Message})"); }

        int Port(string name) => json[name] is JsonValue v && v.TryGetValue<int>(out var port) && port is > 0 and < 65536
            ? port
            : throw new KernelStartupException($"the connection file {path} has no valid \"{name}\" (a TCP port number from 1 to 65535{Found(json[name])}); ports must be given, 0 is not accepted");

        string Text(string name, string fallback) => json[name] switch
        {
            null => fallback,
            JsonValue v when v.TryGetValue<string>(out var text) => text,
            var other => throw new KernelStartupException($"the connection file {path} has \"{name}\" as {Kind(other)}; it must be a string. Let the front end (VS Code, Jupyter) write the file."),
        };

        var transport = Text("transport", "tcp");
        if (transport != "tcp")
            throw new KernelStartupException($"the connection file asks for transport \"{transport}\"; the course kernel speaks tcp only (Jupyter's default). Remove \"transport\" or set it to \"tcp\".");
        var scheme = Text("signature_scheme", HmacSha256);
        if (scheme != HmacSha256)
            throw new KernelStartupException($"the connection file asks for signature scheme \"{scheme}\"; the course kernel signs with {HmacSha256} (Jupyter's default)");
        var ip = Text("ip", "127.0.0.1");
        var key = Text("key", "");
        if (key.Length == 0)
            throw new KernelStartupException($"the connection file {path} has an empty \"key\": messages could not be authenticated, so any program on this machine could run code in the kernel. The course kernel refuses that; let the front end write a key (Jupyter and VS Code always do).");
        return new ConnectionInfo(transport, ip,
            Port("shell_port"), Port("iopub_port"), Port("stdin_port"), Port("control_port"), Port("hb_port"), key, scheme);
    }

    private static string Found(JsonNode? node) => node is null ? "; it is missing" : $"; it is {Kind(node)}";

    private static string Kind(JsonNode node) => node switch
    {
        JsonObject => "an object",
        JsonArray => "an array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => $"the string {v.ToJsonString()}",
            JsonValueKind.Number => $"the number {v.ToJsonString()}",
            JsonValueKind.True or JsonValueKind.False => $"the boolean {v.ToJsonString()}",
            JsonValueKind.Null => "null",
            _ => v.ToJsonString(),
        },
        _ => node.ToJsonString(),
    };

    /// <summary>A connection on free loopback ports with a fresh random key, as a front end would make it.</summary>
    public static ConnectionInfo CreateLoopback()
    {
        var ports = FreePorts(5);
        return new ConnectionInfo("tcp", "127.0.0.1", ports[0], ports[1], ports[2], ports[3], ports[4],
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), HmacSha256);
    }

    /// <summary>The connection file's JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["transport"] = Transport,
        ["ip"] = Ip,
        ["shell_port"] = ShellPort,
        ["iopub_port"] = IopubPort,
        ["stdin_port"] = StdinPort,
        ["control_port"] = ControlPort,
        ["hb_port"] = HeartbeatPort,
        ["key"] = Key,
        ["signature_scheme"] = SignatureScheme,
        ["kernel_name"] = Notebooks.CourseKernelSpec.Name,
    };

    /// <summary>
    /// Writes the connection file, readable by its owner only from the moment it exists (its key lets whoever
    /// reads it run code): a new file is created with mode 0600 beside the target and renamed over it, so
    /// there is never a moment when the key is readable by others, and never a half-written file.
    /// </summary>
    public void Save(string path)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using (var stream = new FileStream(temp, options))
            using (var writer = new StreamWriter(stream))
                writer.Write(ToJson().ToJsonString());
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>True when the sockets listen on this machine only.</summary>
    public bool IsLoopback => Ip is "localhost" || (IPAddress.TryParse(Ip, out var address) && IPAddress.IsLoopback(address));

    /// <summary>The ZeroMQ address a kernel binds (and a client connects) for <paramref name="port"/>.</summary>
    public string Address(int port) => $"{Transport}://{(Ip is "0.0.0.0" or "" ? "*" : Ip)}:{port}";

    /// <summary>The ZeroMQ address a client connects to for <paramref name="port"/>.</summary>
    public string ClientAddress(int port) => $"{Transport}://{(Ip is "0.0.0.0" or "*" or "" ? "127.0.0.1" : Ip)}:{port}";

    private static int[] FreePorts(int count)
    {
        // Hold every listener until all ports are chosen so that the five are distinct.
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            foreach (var l in listeners) l.Start();
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            foreach (var l in listeners) l.Stop();
        }
    }
}

/// <summary>The kernel cannot start: says what was wrong and what to do.</summary>
public sealed class KernelStartupException(string message) : Exception(message);
