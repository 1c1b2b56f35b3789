using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LargeModelsCourse.Runner.Kernel.Protocol;

/// <summary>
/// A message frame's JSON as UTF-8, written without borrowing large arrays from the shared array pools. The chart that
/// carries plotly.js holds a 3.6-million-character string; serialized in one piece, System.Text.Json escapes it into a
/// pooled char[] of six times its length (64 MB) and writes into a pooled byte[] (16 MB). The pools keep such arrays for
/// the thread that returned them until they trim, minutes later, so a kernel held about 85 MB per thread that had sent
/// or formatted a chart (186 MB in a chapter's kernel). Here long strings are written in short segments, so escaping
/// borrows small buffers only, and the frame is written into an ordinary array the collector frees.
/// </summary>
internal static class WireJson
{
    // Segments this short escape into at most six times their length (48 KB of chars): small pooled buffers.
    private const int SegmentChars = 4096;

    // Relaxed escaping: the JSON never lands inside an HTML page, and escaping every '<' of an inline plotly.js would
    // make chart messages larger for nothing.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The UTF-8 JSON of <paramref name="node"/>, byte for byte what the serializer writes with relaxed escaping.</summary>
    public static byte[] Serialize(JsonNode node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Options)) Write(writer, node);
        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject json:
                writer.WriteStartObject();
                foreach (var (name, value) in json)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array) Write(writer, item);
                writer.WriteEndArray();
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String && value.TryGetValue<string>(out var text) && text.Length > SegmentChars:
                WriteInSegments(writer, text);
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static void WriteInSegments(Utf8JsonWriter writer, string text)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = Math.Min(start + SegmentChars, text.Length);
            // A surrogate pair stays in one segment, so each segment is whole UTF-16.
            if (end < text.Length && char.IsHighSurrogate(text[end - 1])) end--;
            writer.WriteStringValueSegment(text.AsSpan(start, end - start), isFinalSegment: end == text.Length);
            start = end;
        }
    }
}
