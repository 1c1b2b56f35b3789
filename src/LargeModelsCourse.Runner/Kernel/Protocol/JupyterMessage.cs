using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LargeModelsCourse.Runner.Kernel.Protocol;

/// <summary>
/// One message of the Jupyter messaging protocol (5.3): routing identities, header, parent header,
/// metadata, content and optional binary buffers. <see cref="Encode"/> and <see cref="Decode"/> handle the
/// wire form: <c>identities…, "&lt;IDS|MSG&gt;", signature, header, parent_header, metadata, content, buffers…</c>.
/// </summary>
public sealed class JupyterMessage
{
    /// <summary>The frame separating routing identities from the message.</summary>
    public static readonly byte[] Delimiter = "<IDS|MSG>"u8.ToArray();

    /// <summary>The protocol version the course kernel speaks.</summary>
    public const string ProtocolVersion = "5.3";

    /// <summary>Builds a message.</summary>
    public JupyterMessage(JsonObject header, JsonObject parentHeader, JsonObject metadata, JsonObject content,
        IReadOnlyList<byte[]>? identities = null, IReadOnlyList<byte[]>? buffers = null)
    {
        Header = header;
        ParentHeader = parentHeader;
        Metadata = metadata;
        Content = content;
        Identities = identities ?? [];
        Buffers = buffers ?? [];
    }

    /// <summary>ZeroMQ routing prefix: who sent it (ROUTER sockets), or the topic (IOPub).</summary>
    public IReadOnlyList<byte[]> Identities { get; }

    /// <summary>msg_id, session, username, date, msg_type, version.</summary>
    public JsonObject Header { get; }

    /// <summary>The header of the request this message answers (empty when it answers none).</summary>
    public JsonObject ParentHeader { get; }

    /// <summary>Free-form metadata.</summary>
    public JsonObject Metadata { get; }

    /// <summary>The message's content, by type.</summary>
    public JsonObject Content { get; }

    /// <summary>Binary buffers after the content (unused by the course kernel, kept for completeness).</summary>
    public IReadOnlyList<byte[]> Buffers { get; }

    /// <summary>The header's msg_type, e.g. <c>execute_request</c>.</summary>
    public string MsgType => Text(Header, "msg_type");

    /// <summary>The header's msg_id.</summary>
    public string MsgId => Text(Header, "msg_id");

    /// <summary>A header for a new message of <paramref name="msgType"/> in <paramref name="session"/>.</summary>
    public static JsonObject NewHeader(string msgType, string session, string username = "kernel") => new()
    {
        ["msg_id"] = Guid.NewGuid().ToString("N"),
        ["session"] = session,
        ["username"] = username,
        ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        ["msg_type"] = msgType,
        ["version"] = ProtocolVersion,
    };

    /// <summary>A message answering or belonging to <paramref name="parent"/> (empty parent for none).</summary>
    public static JupyterMessage Create(string msgType, string session, JsonObject content, JupyterMessage? parent = null,
        IReadOnlyList<byte[]>? identities = null) =>
        new(NewHeader(msgType, session), parent?.Header.DeepClone().AsObject() ?? [], [], content, identities ?? parent?.Identities);

    /// <summary>The frames to send, signed with <paramref name="signer"/>.</summary>
    public List<byte[]> Encode(MessageSigner signer)
    {
        var header = Json(Header);
        var parent = Json(ParentHeader);
        var metadata = Json(Metadata);
        var content = Json(Content);
        var frames = new List<byte[]>(Identities.Count + 7 + Buffers.Count);
        frames.AddRange(Identities);
        frames.Add(Delimiter);
        frames.Add(Encoding.ASCII.GetBytes(signer.Sign(header, parent, metadata, content)));
        frames.Add(header);
        frames.Add(parent);
        frames.Add(metadata);
        frames.Add(content);
        frames.AddRange(Buffers);
        return frames;
    }

    /// <summary>
    /// Reads received frames. Returns the message, or null with <paramref name="problem"/> saying why it
    /// was refused (no delimiter, bad signature, JSON that is not an object, no msg_type).
    /// </summary>
    public static JupyterMessage? Decode(IReadOnlyList<byte[]> frames, MessageSigner signer, out string? problem)
    {
        var delimiter = -1;
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i].AsSpan().SequenceEqual(Delimiter)) { delimiter = i; break; }
        }
        if (delimiter < 0) { problem = "no <IDS|MSG> delimiter frame"; return null; }
        if (frames.Count < delimiter + 6) { problem = $"{frames.Count - delimiter - 1} frames after the delimiter, expected at least 5"; return null; }
        var signature = Encoding.ASCII.GetString(frames[delimiter + 1]);
        var raw = frames.Skip(delimiter + 2).Take(4).ToArray();
        problem = signer.Check(signature, raw[0], raw[1], raw[2], raw[3]);
        if (problem is not null) return null;

        var parts = new JsonObject[4];
        string[] names = ["header", "parent_header", "metadata", "content"];
        for (var i = 0; i < 4; i++)
        {
            try
            {
                parts[i] = JsonNode.Parse(raw[i]) as JsonObject ?? throw new JsonException("not a JSON object");
            }
            catch (JsonException e)
            {
                problem = $"the {names[i]} frame is not a JSON object ({e.Message})";
                return null;
            }
        }
        var message = new JupyterMessage(parts[0], parts[1], parts[2], parts[3],
            frames.Take(delimiter).ToArray(), frames.Skip(delimiter + 6).ToArray());
        if (message.MsgType.Length == 0) { problem = "the header has no msg_type"; return null; }
        if (message.MsgId.Length == 0) { problem = "the header has no msg_id"; return null; }
        return message;
    }

    /// <summary>A string field of <paramref name="json"/>, or "" when it is missing or not a string.</summary>
    public static string Text(JsonObject json, string name) =>
        json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "";

    /// <summary>A boolean field of the content, or <paramref name="fallback"/>.</summary>
    public bool Flag(string name, bool fallback) =>
        Content[name] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : fallback;

    /// <summary>An integer field of the content, or <paramref name="fallback"/>.</summary>
    public int Number(string name, int fallback) =>
        Content[name] is JsonValue v && v.TryGetValue<int>(out var n) ? n : fallback;

    private static byte[] Json(JsonObject node) => WireJson.Serialize(node);

    /// <inheritdoc/>
    public override string ToString() => $"{MsgType} {MsgId}";
}
