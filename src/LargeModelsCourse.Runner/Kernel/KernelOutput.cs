using System.Text;
using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Kernel.Protocol;

namespace LargeModelsCourse.Runner.Kernel;

/// <summary>
/// What cells show, as IOPub messages: the kernel's display sink (<c>display_data</c>, and
/// <c>update_display_data</c> for <c>display(x).Update(y)</c>, so live training progress redraws one output),
/// console text as <c>stream</c> messages, results, errors and status. Every message names the request
/// that caused it as its parent, so front ends put it under the right cell.
/// </summary>
public sealed class KernelOutput : IDisplaySink, IDisposable
{
    // Console text is buffered briefly: a training loop printing a character at a time would otherwise
    // send a message per character. Anything else sent flushes the buffer first, so order is kept.
    private static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(50);
    private const int FlushSize = 64 * 1024;

    private readonly KernelTransport transport;
    private readonly string session;
    private readonly OutputLimits limits;
    // Lines of console text this request has sent; past the head limit, text goes to a ring that keeps the tail,
    // sent with a note of what was left out when the request ends.
    private long linesSent;
    private BoundedText? tail;
    private string tailStream = "stdout";
    private readonly Lock gate = new();
    private readonly StringBuilder pending = new();
    private readonly Timer timer;
    private string pendingStream = "stdout";
    private JupyterMessage? parent;
    private bool silent;

    /// <summary>Publishes on <paramref name="transport"/>'s IOPub socket under kernel session <paramref name="session"/>.</summary>
    public KernelOutput(KernelTransport transport, string session, OutputLimits? limits = null)
    {
        this.transport = transport;
        this.session = session;
        this.limits = limits ?? OutputLimits.FromEnvironment();
        // The timer sends what is buffered; the kept tail of an over-long output waits for the end of the request.
        timer = new Timer(_ => { lock (gate) FlushLocked(); }, null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>
    /// Makes <paramref name="request"/> the parent of what follows. A <paramref name="quiet"/> request
    /// (execute_request with silent) broadcasts no outputs, only its status.
    /// </summary>
    public void BeginRequest(JupyterMessage request, bool quiet = false)
    {
        lock (gate)
        {
            FlushLocked();
            FlushTailLocked();
            parent = request;
            silent = quiet;
            linesSent = 0;
        }
    }

    /// <summary>Console text from the running cell (or from background work it started).</summary>
    public void Stream(string name, string text)
    {
        lock (gate)
        {
            if (silent || text.Length == 0) return;
            if (linesSent >= limits.HeadLines)
            {
                tail ??= new BoundedText(new OutputLimits(0, limits.TailLines));
                tailStream = name;
                tail.Append(text);
                return;
            }
            linesSent += text.AsSpan().Count('\n');
            if (pending.Length > 0 && pendingStream != name) FlushLocked();
            pendingStream = name;
            pending.Append(text);
            if (pending.Length >= FlushSize) FlushLocked();
            else timer.Change(FlushInterval, Timeout.InfiniteTimeSpan);
        }
    }

    /// <inheritdoc/>
    public void Display(string displayId, MimeBundle bundle) => PublishOutput("display_data", new JsonObject
    {
        ["data"] = bundle.ToJson(),
        ["metadata"] = new JsonObject(),
        ["transient"] = new JsonObject { ["display_id"] = displayId },
    });

    /// <inheritdoc/>
    public void Update(string displayId, MimeBundle bundle) => PublishOutput("update_display_data", new JsonObject
    {
        ["data"] = bundle.ToJson(),
        ["metadata"] = new JsonObject(),
        ["transient"] = new JsonObject { ["display_id"] = displayId },
    });

    /// <summary>The cell's value (its last expression without a semicolon).</summary>
    public void Result(int executionCount, MimeBundle bundle) => PublishOutput("execute_result", new JsonObject
    {
        ["execution_count"] = executionCount,
        ["data"] = bundle.ToJson(),
        ["metadata"] = new JsonObject(),
    });

    /// <summary>The error that ended the cell.</summary>
    public void Error(JsonObject errorContent) => PublishOutput("error", errorContent.DeepClone().AsObject());

    /// <summary>The code about to run, with its execution count.</summary>
    public void ExecuteInput(string code, int executionCount) => PublishOutput("execute_input", new JsonObject
    {
        ["code"] = code,
        ["execution_count"] = executionCount,
    });

    /// <summary>busy, idle or starting: published even for quiet requests (front ends wait for idle).</summary>
    public void Status(string state, JupyterMessage? request)
    {
        lock (gate)
        {
            FlushLocked();
            Publish("status", new JsonObject { ["execution_state"] = state }, request);
        }
    }

    /// <summary>Sends buffered console text now, and the kept tail of an output that ran past the limit.</summary>
    public void Flush()
    {
        lock (gate)
        {
            FlushLocked();
            FlushTailLocked();
        }
    }

    private void FlushTailLocked()
    {
        if (tail is null) return;
        var text = tail.ToString();
        tail = null;
        if (!silent && text.Length > 0) Publish("stream", new JsonObject { ["name"] = tailStream, ["text"] = text }, parent);
    }

    private void PublishOutput(string msgType, JsonObject content)
    {
        lock (gate)
        {
            if (silent) return;
            FlushLocked();
            FlushTailLocked();
            Publish(msgType, content, parent);
        }
    }

    private void FlushLocked()
    {
        if (pending.Length == 0) return;
        var text = pending.ToString();
        pending.Clear();
        if (!silent) Publish("stream", new JsonObject { ["name"] = pendingStream, ["text"] = text }, parent);
    }

    private void Publish(string msgType, JsonObject content, JupyterMessage? request) =>
        transport.Send(KernelChannel.IOPub, JupyterMessage.Create(msgType, session, content, request, identities: []));

    /// <summary>The content of an <c>error</c> message and an error execute_reply: the cell's line leads evalue.</summary>
    public static JsonObject ErrorContent(CellError error) => new()
    {
        ["ename"] = error.Name,
        ["evalue"] = error.Line is { } line ? $"line {line}: {error.Message}" : error.Message,
        ["traceback"] = new JsonArray(error.Traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
    };

    /// <inheritdoc/>
    public void Dispose()
    {
        timer.Dispose();
        Flush();
    }
}
