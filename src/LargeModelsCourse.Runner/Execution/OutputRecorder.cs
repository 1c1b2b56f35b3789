using System.Text.Json.Nodes;
using LargeModelsCourse.Display;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// Records what cells show as nbformat outputs: streams (consecutive writes merged), display data that
/// <c>Update</c> replaces in place, execute results and errors. The runner's display sink.
/// </summary>
public sealed class OutputRecorder : IDisplaySink
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, JsonObject> displays = [];
    private JsonArray current = [];

    /// <summary>Directs the following outputs into <paramref name="outputs"/> (a new cell).</summary>
    public void BeginCell(JsonArray outputs)
    {
        lock (gate) current = outputs;
    }

    /// <summary>Appends text to the cell's <paramref name="name"/> stream (stdout or stderr).</summary>
    public void Stream(string name, string text)
    {
        lock (gate)
        {
            if (current.Count > 0 && current[^1] is JsonObject last && last["output_type"]?.GetValue<string>() == "stream"
                && last["name"]?.GetValue<string>() == name)
            {
                last["text"] = last["text"]!.GetValue<string>() + text;
                return;
            }
            current.Add(new JsonObject { ["output_type"] = "stream", ["name"] = name, ["text"] = text });
        }
    }

    /// <inheritdoc/>
    public void Display(string displayId, MimeBundle bundle)
    {
        var output = new JsonObject { ["output_type"] = "display_data", ["data"] = bundle.ToJson(), ["metadata"] = new JsonObject() };
        lock (gate)
        {
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
