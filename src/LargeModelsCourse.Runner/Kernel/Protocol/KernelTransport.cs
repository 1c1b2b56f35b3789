using System.Threading.Channels;
using NetMQ;
using NetMQ.Sockets;

namespace LargeModelsCourse.Runner.Kernel.Protocol;

/// <summary>The kernel's sockets, as the messaging protocol names them.</summary>
public enum KernelChannel
{
    /// <summary>Requests from front ends (ROUTER): execute, complete, inspect, kernel_info…</summary>
    Shell,
    /// <summary>Urgent requests (ROUTER), served even while a cell runs: interrupt, shutdown.</summary>
    Control,
    /// <summary>Input the kernel asks the front end for (ROUTER): Console.ReadLine.</summary>
    Stdin,
    /// <summary>Everything the kernel broadcasts (PUB): status, streams, displays, results, errors.</summary>
    IOPub,
}

/// <summary>
/// Binds the five ZeroMQ sockets of a connection file and moves messages between them and the kernel.
/// NetMQ sockets are not thread-safe, so one poller thread owns shell, control, stdin and IOPub: it reads
/// requests (checking each signature) into channels, and sends what other threads queued, in order.
/// The heartbeat echoes on its own thread so front ends see the kernel alive while a cell computes.
/// </summary>
public sealed class KernelTransport : IDisposable
{
    private readonly ConnectionInfo connection;
    private readonly MessageSigner signer;
    private readonly TextWriter log;
    private readonly RefusalLog refusals;
    private readonly RouterSocket shell = new();
    private readonly RouterSocket control = new();
    private readonly RouterSocket stdin = new();
    private readonly PublisherSocket iopub = new();
    private readonly RouterSocket heartbeat = new();
    private readonly NetMQQueue<Outgoing> outgoing = new();
    private readonly NetMQPoller poller;
    private readonly Channel<JupyterMessage> shellRequests = Channel.CreateUnbounded<JupyterMessage>(new() { SingleReader = true });
    private readonly Channel<JupyterMessage> controlRequests = Channel.CreateUnbounded<JupyterMessage>(new() { SingleReader = true });
    private readonly Channel<JupyterMessage> stdinReplies = Channel.CreateUnbounded<JupyterMessage>();
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Thread? pollerThread;
    private Thread? heartbeatThread;
    private volatile bool stopping;

    /// <summary>Binds every socket of <paramref name="connection"/>; <paramref name="log"/> receives refusals and faults.</summary>
    /// <exception cref="KernelStartupException">A port is taken or the address is invalid.</exception>
    public KernelTransport(ConnectionInfo connection, TextWriter log)
    {
        this.connection = connection;
        this.log = log;
        refusals = new RefusalLog(log, TimeProvider.System);
        // ConnectionInfo.Load refuses an empty key already; this guards every other way of building one.
        if (connection.Key.Length == 0)
            throw new KernelStartupException("the connection has an empty key: messages could not be authenticated, so any program on this machine could run code in the kernel. Give a key (front ends always write one).");
        signer = new MessageSigner(connection.Key);
        (NetMQSocket Socket, int Port, string Name)[] sockets =
        [
            (shell, connection.ShellPort, "shell"), (control, connection.ControlPort, "control"),
            (stdin, connection.StdinPort, "stdin"), (iopub, connection.IopubPort, "iopub"),
            (heartbeat, connection.HeartbeatPort, "heartbeat"),
        ];
        foreach (var (socket, port, name) in sockets)
        {
            // Short linger: replies queued at shutdown still leave, but a vanished front end cannot hold the exit.
            socket.Options.Linger = TimeSpan.FromSeconds(1);
            try { socket.Bind(connection.Address(port)); }
            catch (Exception e) when (e is NetMQException or System.Net.Sockets.SocketException or ArgumentException)
            {
                Dispose();
                throw new KernelStartupException($"cannot listen for the {name} channel on {connection.Address(port)}: {e.Message}. Another program may hold the port; let the front end start the kernel again (it picks new ports).");
            }
        }
        shell.ReceiveReady += (_, _) => Receive(shell, KernelChannel.Shell);
        control.ReceiveReady += (_, _) => Receive(control, KernelChannel.Control);
        stdin.ReceiveReady += (_, _) => Receive(stdin, KernelChannel.Stdin);
        outgoing.ReceiveReady += (_, _) => SendQueued();
        poller = [shell, control, stdin, outgoing];
    }

    /// <summary>The signer, for the kernel's own checks.</summary>
    public MessageSigner Signer => signer;

    /// <summary>Verified shell requests, in arrival order.</summary>
    public ChannelReader<JupyterMessage> ShellRequests => shellRequests.Reader;

    /// <summary>Verified control requests, in arrival order.</summary>
    public ChannelReader<JupyterMessage> ControlRequests => controlRequests.Reader;

    /// <summary>Verified stdin messages (input_reply).</summary>
    public ChannelReader<JupyterMessage> StdinReplies => stdinReplies.Reader;

    /// <summary>Completes when the poller has sent everything queued before <see cref="StopAsync"/> and stopped.</summary>
    public Task Stopped => stopped.Task;

    /// <summary>Starts the poller and heartbeat threads.</summary>
    public void Start()
    {
        if (!connection.IsLoopback)
            log.WriteLine($"course kernel: listening on {connection.Ip}, not loopback: other machines can reach this kernel (the key still protects it).");
        pollerThread = new Thread(() =>
        {
            try { poller.Run(); }
            catch (Exception e) { log.WriteLine($"course kernel: the message loop failed: {e}"); }
            finally { stopped.TrySetResult(); }
        })
        { IsBackground = true, Name = "kernel sockets" };
        pollerThread.Start();
        heartbeatThread = new Thread(Heartbeat) { IsBackground = true, Name = "kernel heartbeat" };
        heartbeatThread.Start();
    }

    /// <summary>Queues <paramref name="message"/> for <paramref name="channel"/> (any thread).</summary>
    public void Send(KernelChannel channel, JupyterMessage message)
    {
        if (stopping) return;
        outgoing.Enqueue(new Outgoing(channel, message));
    }

    /// <summary>Sends everything queued so far, then stops the sockets.</summary>
    public Task StopAsync()
    {
        if (!stopping)
        {
            outgoing.Enqueue(Outgoing.Stop);
            stopping = true;
        }
        refusals.Flush();
        shellRequests.Writer.TryComplete();
        controlRequests.Writer.TryComplete();
        stdinReplies.Writer.TryComplete();
        return stopped.Task;
    }

    private void Receive(NetMQSocket socket, KernelChannel channel)
    {
        var frames = new List<byte[]>();
        while (socket.TryReceiveMultipartBytes(TimeSpan.Zero, ref frames))
        {
            JupyterMessage? message;
            string? problem;
            try { message = JupyterMessage.Decode(frames, signer, out problem); }
            catch (Exception e) { message = null; problem = $"it could not be read ({e.GetType().Name}: {e.Message})"; }
            if (message is null)
            {
                // Refused messages get no reply: answering would tell an unauthenticated sender the kernel is there.
                refusals.Refused($"course kernel: refused a message on the {channel.ToString().ToLowerInvariant()} channel: {problem}");
                continue;
            }
            var target = channel switch
            {
                KernelChannel.Shell => shellRequests,
                KernelChannel.Control => controlRequests,
                _ => stdinReplies,
            };
            target.Writer.TryWrite(message);
        }
    }

    private void SendQueued()
    {
        while (outgoing.TryDequeue(out var item, TimeSpan.Zero))
        {
            if (item.Message is null)
            {
                poller.Stop();
                return;
            }
            var socket = item.Channel switch
            {
                KernelChannel.Shell => (NetMQSocket)shell,
                KernelChannel.Control => control,
                KernelChannel.Stdin => stdin,
                _ => iopub,
            };
            try
            {
                var frames = item.Message.Encode(signer);
                if (item.Channel == KernelChannel.IOPub && item.Message.Identities.Count == 0)
                    frames.Insert(0, System.Text.Encoding.UTF8.GetBytes(Topic(item.Message)));
                var message = new NetMQMessage(frames);
                socket.SendMultipartMessage(message);
            }
            catch (Exception e)
            {
                log.WriteLine($"course kernel: could not send {item.Message.MsgType}: {e.Message}");
            }
        }
    }

    // IOPub topics as ipykernel names them; front ends subscribe to everything, so they only help debugging.
    private static string Topic(JupyterMessage message) => message.MsgType switch
    {
        "stream" => $"stream.{JupyterMessage.Text(message.Content, "name")}",
        "status" => $"kernel.{JupyterMessage.Text(message.Header, "session")}.status",
        var type => $"kernel.{type}",
    };

    private void Heartbeat()
    {
        var frames = new List<byte[]>();
        try
        {
            while (!stopping)
            {
                // ROUTER echo: the identity frame routes the ping straight back to whoever sent it.
                if (heartbeat.TryReceiveMultipartBytes(TimeSpan.FromMilliseconds(200), ref frames))
                    heartbeat.SendMultipartBytes(frames);
            }
        }
        catch (Exception e) when (e is NetMQException or ObjectDisposedException or TerminatingException)
        {
            // The socket closed under us at shutdown.
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        stopping = true;
        if (pollerThread is not null && poller.IsRunning) poller.Stop();
        heartbeatThread?.Join(TimeSpan.FromSeconds(2));
        poller?.Dispose();
        foreach (var socket in new NetMQSocket[] { shell, control, stdin, iopub, heartbeat }) socket.Dispose();
        outgoing.Dispose();
    }

    private sealed record Outgoing(KernelChannel Channel, JupyterMessage? Message)
    {
        public static readonly Outgoing Stop = new(KernelChannel.Shell, null);
    }
}
