using System.Text;
using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Kernel;
using LargeModelsCourse.Runner.Kernel.Client;
using LargeModelsCourse.Runner.Kernel.Protocol;
using LargeModelsCourse.Runner.Notebooks;
using NetMQ;
using NetMQ.Sockets;
using Xunit;

namespace LargeModelsCourse.Tests.Kernel;

/// <summary>One course kernel, started from a kernelspec as a front end starts it, shared by the protocol tests.</summary>
public sealed class RunningKernel : IDisposable
{
    private readonly TemporaryKernelspec spec = new();

    /// <summary>Starts the kernel and waits until it answers.</summary>
    public RunningKernel()
    {
        Process = KernelProcess.Start(spec.KernelJson, spec.Prefix);
        using var client = new KernelClient(Process.Connection);
        var request = client.Send(KernelChannel.Shell, "kernel_info_request");
        if (client.WaitForReply(KernelChannel.Shell, request, TimeSpan.FromSeconds(120)) is null)
            throw new InvalidOperationException($"the kernel did not answer kernel_info: {Process.Output}");
    }

    /// <summary>The kernel's process (its Output is the kernel's log).</summary>
    public KernelProcess Process { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        using (var client = new KernelClient(Process.Connection))
            client.Send(KernelChannel.Control, "shutdown_request", new JsonObject { ["restart"] = false });
        Process.WaitForExit(TimeSpan.FromSeconds(20));
        Process.Dispose();
        spec.Dispose();
    }
}

/// <summary>
/// The wire protocol from a C# client's side: signatures checked on every message, bad ones refused
/// without a reply (and logged), malformed ones survived. Each test ends by proving the kernel still answers.
/// </summary>
public sealed class KernelProtocolTests(RunningKernel kernel) : IClassFixture<RunningKernel>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public void KernelInfoReplyIsSignedAndDescribesTheCourseKernel()
    {
        using var client = new KernelClient(kernel.Process.Connection);
        Assert.True(client.WaitForReady(Wait));
        var request = client.Send(KernelChannel.Shell, "kernel_info_request");
        // WaitForReply checks each reply's HMAC with the connection key and throws on a mismatch.
        var reply = client.WaitForReply(KernelChannel.Shell, request, Wait);
        Assert.NotNull(reply);
        Assert.Equal("kernel_info_reply", reply.MsgType);
        Assert.Equal("5.3", JupyterMessage.Text(reply.Content, "protocol_version"));
        Assert.Equal("5.3", JupyterMessage.Text(reply.Header, "version"));
        Assert.True(JsonNode.DeepEquals(CourseKernelSpec.LanguageInfoJson(), reply.Content["language_info"]));
        Assert.Equal(request.MsgId, JupyterMessage.Text(reply.ParentHeader, "msg_id"));

        // The same frames do not verify under another key: the signature is really the key's HMAC.
        var resent = reply.Encode(client.Signer);
        Assert.Null(JupyterMessage.Decode(resent, new MessageSigner("another key"), out var problem));
        Assert.Equal("the signature does not match the connection key", problem);

        // Busy and idle frame the request on IOPub.
        var states = client.CollectOutputs(request, Wait).Where(m => m.MsgType == "status")
            .Select(m => JupyterMessage.Text(m.Content, "execution_state")).ToList();
        Assert.Equal(["busy", "idle"], states);
    }

    [Fact]
    public void WronglySignedRequestsGetNoReplyAndAreLogged()
    {
        using var client = new KernelClient(kernel.Process.Connection);
        var forged = new JupyterMessage(JupyterMessage.NewHeader("execute_request", client.Session), [], [],
            new JsonObject { ["code"] = "File.WriteAllText(\"forged.txt\", \"x\")" });
        client.SendFrames(KernelChannel.Shell, forged.Encode(new MessageSigner("not the key")));
        AssertNextReplyAnswersAFreshRequest(client);
        Assert.Contains("refused a message on the shell channel: the signature does not match the connection key", kernel.Process.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(kernel.Process.Process.StartInfo.WorkingDirectory, "forged.txt")));
    }

    [Fact]
    public void UnsignedRequestsGetNoReply()
    {
        using var client = new KernelClient(kernel.Process.Connection);
        var unsigned = new JupyterMessage(JupyterMessage.NewHeader("kernel_info_request", client.Session), [], [], []);
        client.SendFrames(KernelChannel.Control, unsigned.Encode(new MessageSigner("")));
        AssertNextReplyAnswersAFreshRequest(client, KernelChannel.Control);
        Assert.Contains("refused a message on the control channel: the message is unsigned", kernel.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ReplayedRequestsAreRefused()
    {
        using var client = new KernelClient(kernel.Process.Connection);
        var request = new JupyterMessage(JupyterMessage.NewHeader("kernel_info_request", client.Session), [], [], []);
        var frames = request.Encode(client.Signer);
        client.SendFrames(KernelChannel.Shell, frames);
        Assert.NotNull(client.WaitForReply(KernelChannel.Shell, request, Wait));
        client.SendFrames(KernelChannel.Shell, frames);
        AssertNextReplyAnswersAFreshRequest(client);
        Assert.Contains("the message is a replay", kernel.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void MalformedMessagesDoNotCrashTheKernel()
    {
        using var client = new KernelClient(kernel.Process.Connection);
        var signer = client.Signer;
        var header = Encoding.UTF8.GetBytes(JupyterMessage.NewHeader("kernel_info_request", client.Session).ToJsonString());
        byte[] empty = "{}"u8.ToArray();
        byte[] garbage = "{not json"u8.ToArray();
        byte[] noType = Encoding.UTF8.GetBytes(new JsonObject { ["msg_id"] = "x1", ["session"] = client.Session }.ToJsonString());
        byte[] Sign(byte[] h, byte[] c) => Encoding.ASCII.GetBytes(signer.Sign(h, empty, empty, c));

        client.SendFrames(KernelChannel.Shell, [Encoding.UTF8.GetBytes("no delimiter at all")]);
        client.SendFrames(KernelChannel.Shell, [JupyterMessage.Delimiter, Sign(header, empty)]);
        client.SendFrames(KernelChannel.Shell, [JupyterMessage.Delimiter, Sign(header, garbage), header, empty, empty, garbage]);
        client.SendFrames(KernelChannel.Shell, [JupyterMessage.Delimiter, Sign(noType, empty), noType, empty, empty, empty]);
        AssertNextReplyAnswersAFreshRequest(client);

        var log = kernel.Process.Output;
        Assert.Contains("no <IDS|MSG> delimiter frame", log, StringComparison.Ordinal);
        Assert.Contains("1 frames after the delimiter, expected at least 5", log, StringComparison.Ordinal);
        Assert.Contains("the content frame is not a JSON object", log, StringComparison.Ordinal);
        Assert.Contains("the header has no msg_type", log, StringComparison.Ordinal);
        Assert.False(kernel.Process.Process.HasExited);
    }

    [Fact]
    public void ExecuteRepliesCarryTheErrorLine()
    {
        using var client = new KernelClient(kernel.Process.Connection);
        Assert.True(client.WaitForReady(Wait));
        var request = client.Send(KernelChannel.Shell, "execute_request", new JsonObject
        {
            ["code"] = "var a = 1;\nvar b = a / 0;",
            ["silent"] = false,
            ["store_history"] = true,
        });
        var reply = client.WaitForReply(KernelChannel.Shell, request, Wait);
        Assert.NotNull(reply);
        Assert.Equal("error", JupyterMessage.Text(reply.Content, "status"));
        Assert.Equal("DivideByZeroException", JupyterMessage.Text(reply.Content, "ename"));
        Assert.Equal("line 2: Attempted to divide by zero.", JupyterMessage.Text(reply.Content, "evalue"));
        var outputs = client.CollectOutputs(request, Wait);
        Assert.Equal(["status", "execute_input", "error", "status"], outputs.Select(m => m.MsgType));
    }

    [Fact]
    public void InterruptWithNothingRunningIsAcknowledged()
    {
        using var client = new KernelClient(kernel.Process.Connection);
        var request = client.Send(KernelChannel.Control, "interrupt_request");
        var reply = client.WaitForReply(KernelChannel.Control, request, Wait);
        Assert.NotNull(reply);
        Assert.Equal("interrupt_reply", reply.MsgType);
        Assert.Equal("ok", JupyterMessage.Text(reply.Content, "status"));
    }

    [Fact]
    public void SigintInterruptsTheCellInsteadOfEndingTheKernel()
    {
        if (OperatingSystem.IsWindows()) return; // no POSIX signals to send
        using var client = new KernelClient(kernel.Process.Connection);
        Assert.True(client.WaitForReady(Wait));
        var request = client.Send(KernelChannel.Shell, "execute_request", new JsonObject
        {
            ["code"] = "Console.WriteLine(\"waiting\");\nawait Task.Delay(Timeout.Infinite, LargeModelsCourse.Display.Notebook.Cancellation);",
        });
        // Signal only once the cell runs (its first output is on IOPub).
        while (client.Receive(KernelChannel.IOPub, Wait) is { } message)
            if (message.MsgType == "stream" && JupyterMessage.Text(message.Content, "text").Contains("waiting", StringComparison.Ordinal)) break;
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", kernel.Process.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            kill.WaitForExit();
        var reply = client.WaitForReply(KernelChannel.Shell, request, Wait);
        Assert.NotNull(reply);
        Assert.Equal("error", JupyterMessage.Text(reply.Content, "status"));
        Assert.Contains("Canceled", JupyterMessage.Text(reply.Content, "ename"), StringComparison.Ordinal);
        Assert.False(kernel.Process.Process.HasExited);
    }

    [Fact]
    public void HeartbeatEchoes()
    {
        using var heartbeat = new RequestSocket();
        heartbeat.Options.Linger = TimeSpan.Zero;
        heartbeat.Connect(kernel.Process.Connection.ClientAddress(kernel.Process.Connection.HeartbeatPort));
        heartbeat.SendFrame("ping");
        Assert.True(heartbeat.TryReceiveFrameString(Wait, out var echo));
        Assert.Equal("ping", echo);
    }

    /// <summary>
    /// Requests on one socket are served in order, so if the first reply that arrives answers a request
    /// sent after the bad message, the bad message got no reply (no waiting for a silence to pass).
    /// </summary>
    private static void AssertNextReplyAnswersAFreshRequest(KernelClient client, KernelChannel channel = KernelChannel.Shell)
    {
        var fresh = client.Send(channel, "kernel_info_request");
        var next = client.Receive(channel, Wait);
        Assert.NotNull(next);
        Assert.Equal(fresh.MsgId, JupyterMessage.Text(next.ParentHeader, "msg_id"));
    }
}
