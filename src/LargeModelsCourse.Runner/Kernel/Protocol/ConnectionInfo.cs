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
    /// <exception cref="KernelStartupException">The file is missing, not JSON, lacks a port, or asks for what this kernel cannot do.</exception>
    public static ConnectionInfo Load(string path)
    {
        if (!File.Exists(path)) throw new KernelStartupException($"the connection file {path} does not exist (front ends write it and pass its path; run `course kernel install` and let VS Code or Jupyter start the kernel)");
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not a JSON object"); }
        catch (JsonException e) { throw new KernelStartupException($"the connection file {path} is not valid JSON ({e.Message})"); }

        int Port(string name) => json[name] is JsonValue v && v.TryGetValue<int>(out var port) && port is > 0 and < 65536
            ? port
            : throw new KernelStartupException($"the connection file {path} has no valid \"{name}\" (a TCP port); ports must be given, 0 is not accepted");

        var transport = json["transport"]?.GetValue<string>() ?? "tcp";
        if (transport != "tcp")
            throw new KernelStartupException($"the connection file asks for transport \"{transport}\"; the course kernel speaks tcp only (Jupyter's default). Remove \"transport\" or set it to \"tcp\".");
        var scheme = json["signature_scheme"]?.GetValue<string>() ?? HmacSha256;
        if (scheme != HmacSha256)
            throw new KernelStartupException($"the connection file asks for signature scheme \"{scheme}\"; the course kernel signs with {HmacSha256} (Jupyter's default)");
        return new ConnectionInfo(transport, json["ip"]?.GetValue<string>() ?? "127.0.0.1",
            Port("shell_port"), Port("iopub_port"), Port("stdin_port"), Port("control_port"), Port("hb_port"),
            json["key"]?.GetValue<string>() ?? "", scheme);
    }

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

    /// <summary>Writes the connection file (readable by its owner only where the OS allows).</summary>
    public void Save(string path)
    {
        File.WriteAllText(path, ToJson().ToJsonString());
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
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
