using System.Text;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Kernel.Protocol;

namespace LargeModelsCourse.Runner.Kernel;

/// <summary>
/// <see cref="Console.In"/> inside the kernel: <c>Console.ReadLine()</c> in a cell sends an
/// <c>input_request</c> on the stdin channel and waits for the front end's <c>input_reply</c>
/// (VS Code and JupyterLab show an input box). Front ends that run notebooks unattended say
/// <c>allow_stdin: false</c>; reading then fails with a message saying so instead of waiting forever.
/// </summary>
public sealed class KernelInput(KernelTransport transport, string session) : TextReader
{
    private readonly StringBuilder buffered = new();
    private JupyterMessage? request;
    private bool allowed;

    /// <summary>The execute_request whose front end is asked; <paramref name="allowStdin"/> is its allow_stdin.</summary>
    public void BeginRequest(JupyterMessage executeRequest, bool allowStdin)
    {
        lock (buffered)
        {
            request = executeRequest;
            allowed = allowStdin;
            buffered.Clear();
        }
    }

    /// <inheritdoc/>
    public override string? ReadLine()
    {
        lock (buffered)
        {
            if (buffered.Length > 0)
            {
                var rest = buffered.ToString();
                buffered.Clear();
                return rest;
            }
        }
        return Ask(prompt: "");
    }

    /// <inheritdoc/>
    public override int Read()
    {
        lock (buffered)
        {
            if (buffered.Length == 0)
            {
                var line = Ask(prompt: "");
                if (line is null) return -1;
                buffered.Append(line).Append('\n');
            }
            var c = buffered[0];
            buffered.Remove(0, 1);
            return c;
        }
    }

    /// <inheritdoc/>
    public override int Peek()
    {
        lock (buffered) return buffered.Length > 0 ? buffered[0] : -1;
    }

    private string? Ask(string prompt)
    {
        JupyterMessage? parent;
        bool allow;
        lock (buffered)
        {
            parent = request;
            allow = allowed;
        }
        if (parent is null || !allow)
            throw new InvalidOperationException("the cell reads from the console, but this front end does not accept input (allow_stdin is false, as when notebooks run unattended). Give the value in the code instead.");
        Console.Out.Flush();
        var message = JupyterMessage.Create("input_request", session,
            new JsonObject { ["prompt"] = prompt, ["password"] = false }, parent);
        transport.Send(KernelChannel.Stdin, message);
        // Wait for the reply, or for an interrupt (the front end sends no reply when the user gives up).
        var cancellation = Notebook.Cancellation;
        while (true)
        {
            JupyterMessage reply;
            try
            {
                reply = transport.StdinReplies.ReadAsync(cancellation).AsTask().GetAwaiter().GetResult();
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                return null;
            }
            if (reply.MsgType != "input_reply") continue;
            // Replies to an earlier, abandoned request are stale.
            if (JupyterMessage.Text(reply.ParentHeader, "msg_id") is var answered && answered.Length > 0 && answered != message.MsgId) continue;
            return JupyterMessage.Text(reply.Content, "value");
        }
    }
}
