using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Kernel.Protocol;
using NetMQ;
using NetMQ.Sockets;

namespace LargeModelsCourse.Runner.Kernel.Client;

/// <summary>
/// A minimal Jupyter client over NetMQ: what <c>course doctor</c> uses to see that the installed kernel
/// starts and answers, and what the protocol tests use to send it good and bad messages. Replies are
/// checked against the connection key like any request the kernel receives.
/// </summary>
public sealed class KernelClient : IDisposable
{
    private readonly DealerSocket shell = new();
    private readonly DealerSocket control = new();
    private readonly SubscriberSocket iopub = new();

    /// <summary>Connects to the kernel listening as <paramref name="connection"/> describes.</summary>
    public KernelClient(ConnectionInfo connection)
    {
        Signer = new MessageSigner(connection.Key);
        var identity = Encoding.ASCII.GetBytes(Session);
        shell.Options.Identity = identity;
        control.Options.Identity = identity;
        foreach (var socket in new NetMQSocket[] { shell, control, iopub }) socket.Options.Linger = TimeSpan.Zero;
        shell.Connect(connection.ClientAddress(connection.ShellPort));
        control.Connect(connection.ClientAddress(connection.ControlPort));
        iopub.Connect(connection.ClientAddress(connection.IopubPort));
        iopub.SubscribeToAnyTopic();
    }

    /// <summary>The client's session id.</summary>
    public string Session { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Signs requests and checks replies.</summary>
    public MessageSigner Signer { get; }

    /// <summary>Sends a signed request; returns it (its msg_id identifies the reply).</summary>
    public JupyterMessage Send(KernelChannel channel, string msgType, JsonObject? content = null)
    {
        var message = new JupyterMessage(JupyterMessage.NewHeader(msgType, Session, "course"), [], [], content ?? []);
        SendFrames(channel, message.Encode(Signer));
        return message;
    }

    /// <summary>Sends raw frames (for tests that send what a broken or hostile client would).</summary>
    public void SendFrames(KernelChannel channel, IEnumerable<byte[]> frames) =>
        Socket(channel).SendMultipartMessage(new NetMQMessage(frames));

    /// <summary>The reply to <paramref name="request"/>, or null when none came within <paramref name="timeout"/>.</summary>
    /// <exception cref="InvalidDataException">A message arrived whose signature is wrong.</exception>
    public JupyterMessage? WaitForReply(KernelChannel channel, JupyterMessage request, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (Receive(channel, timeout - clock.Elapsed) is { } message)
        {
            if (JupyterMessage.Text(message.ParentHeader, "msg_id") == request.MsgId) return message;
        }
        return null;
    }

    /// <summary>The next message on <paramref name="channel"/>, or null after <paramref name="timeout"/>.</summary>
    /// <exception cref="InvalidDataException">The message's signature is wrong.</exception>
    public JupyterMessage? Receive(KernelChannel channel, TimeSpan timeout)
    {
        var frames = new List<byte[]>();
        if (timeout <= TimeSpan.Zero || !Socket(channel).TryReceiveMultipartBytes(timeout, ref frames)) return null;
        return JupyterMessage.Decode(frames, Signer, out var problem)
               ?? throw new InvalidDataException($"the kernel sent a message the client refuses: {problem}");
    }

    /// <summary>
    /// Waits until the kernel answers and IOPub delivers (a subscriber misses what was published before its
    /// subscription reached the kernel), as jupyter_client's wait_for_ready does; then drops what arrived so far.
    /// </summary>
    /// <returns>False when the kernel did not answer within <paramref name="timeout"/>.</returns>
    public bool WaitForReady(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var request = Send(KernelChannel.Shell, "kernel_info_request");
            if (WaitForReply(KernelChannel.Shell, request, timeout - clock.Elapsed) is null) return false;
            if (Receive(KernelChannel.IOPub, TimeSpan.FromMilliseconds(500)) is not null)
            {
                while (Receive(KernelChannel.IOPub, TimeSpan.FromMilliseconds(200)) is not null) { }
                return true;
            }
        }
        return false;
    }

    /// <summary>IOPub messages caused by <paramref name="request"/> up to and including its idle status.</summary>
    public List<JupyterMessage> CollectOutputs(JupyterMessage request, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var messages = new List<JupyterMessage>();
        while (Receive(KernelChannel.IOPub, timeout - clock.Elapsed) is { } message)
        {
            if (JupyterMessage.Text(message.ParentHeader, "msg_id") != request.MsgId) continue;
            messages.Add(message);
            if (message.MsgType == "status" && JupyterMessage.Text(message.Content, "execution_state") == "idle") break;
        }
        return messages;
    }

    private NetMQSocket Socket(KernelChannel channel) => channel switch
    {
        KernelChannel.Shell => shell,
        KernelChannel.Control => control,
        KernelChannel.IOPub => iopub,
        _ => throw new ArgumentOutOfRangeException(nameof(channel), channel, "the client has no socket for this channel"),
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        shell.Dispose();
        control.Dispose();
        iopub.Dispose();
    }
}
