using System.Text.Json.Nodes;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// Records what cells show as nbformat outputs: streams (consecutive writes merged), display data that
/// <c>Update</c> replaces in place, execute results and errors. The runner's display sink.
/// </summary>
public sealed class OutputRecorder(OutputLimits limits) : IDisplaySink
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonObject> displays = [];
    private JsonArray current = [];
    // The stream output being written and its text, kept out of the JSON until something else is shown or the cell
    // ends: appending to a JSON string would copy the whole text on every write.
    private (JsonObject Output, string Name, BoundedText Text)? open;

    /// <summary>A recorder that keeps every output whole up to <see cref="OutputLimits.Default"/>.</summary>
    public OutputRecorder() : this(OutputLimits.Default)
    {
    }

    /// <summary>Directs the following outputs into <paramref name="outputs"/> (a new cell).</summary>
    public void BeginCell(JsonArray outputs)
    {
        lock (gate)
        {
            CloseStreamLocked();
            current = outputs;
        }
    }

    /// <summary>Writes the text of the stream output still open into the cell's outputs (at the end of a cell).</summary>
    public void EndCell()
    {
        lock (gate) CloseStreamLocked();
    }

    /// <summary>Appends text to the cell's <paramref name="name"/> stream (stdout or stderr).</summary>
    public void Stream(string name, string text)
    {
        lock (gate)
        {
            if (open is not { } stream || stream.Name != name || current.Count == 0 || !ReferenceEquals(current[^1], stream.Output))
            {
                CloseStreamLocked();
                var output = new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = "" };
                current.Add(output);
                stream = (output, name, new BoundedText(limits));
                open = stream;
            }
            stream.Text.Append(text);
        }
    }

    private void CloseStreamLocked()
    {
        if (open is not { } stream) return;
        stream.Output["text"] = stream.Text.ToString();
        open = null;
    }

    /// <inheritdoc/>
    public void Display(string displayId, MimeBundle bundle)
    {
        var output = new JsonObject { ["output_type"] = "display_data", ["data"] = bundle.ToJson(), ["metadata"] = new JsonObject() };
        lock (gate)
        {
            CloseStreamLocked();
            displays[displayId] = output;
            current.Add(output);
        }
    }

    /// <inheritdoc/>
    public void Update(string displayId, MimeBundle bundle)
    {
        lock (gate)
        {
            if (displays.TryGetValue(displayId, out var output)) output["data"] = bundle.ToJson();
        }
    }

    /// <summary>The value of the cell's last expression.</summary>
    public void Result(int executionCount, MimeBundle bundle)
    {
        lock (gate)
        {
            CloseStreamLocked();
            current.Add(new JsonObject
            {
                ["output_type"] = "execute_result",
                ["execution_count"] = executionCount,
                ["data"] = bundle.ToJson(),
                ["metadata"] = new JsonObject(),
            });
        }
    }

    /// <summary>The error that stopped the cell.</summary>
    public void Error(CellError error)
    {
        lock (gate)
        {
            CloseStreamLocked();
            current.Add(new JsonObject
            {
                ["output_type"] = "error",
                ["ename"] = error.Name,
                ["evalue"] = error.Line is { } line ? $"line {line}: {error.Message}" : error.Message,
                ["traceback"] = new JsonArray(error.Traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            });
        }
    }
}
