using System.Security.Cryptography;
using System.Text;

namespace LargeModelsCourse.Runner.Kernel.Protocol;

/// <summary>
/// Signs and checks Jupyter messages: HMAC-SHA256 over the header, parent header, metadata and content
/// frames, as lowercase hex. With an empty key the protocol turns authentication off (signatures are
/// empty); with a key, an unsigned, wrongly signed or replayed message is refused.
/// </summary>
public sealed class MessageSigner
{
    // jupyter_client remembers this many signatures to refuse replays; the kernel does the same.
    private const int ReplayMemory = 1 << 16;

    private readonly byte[] key;
    private readonly HashSet<string> seen = [];
    private readonly Queue<string> seenOrder = new();
    private readonly Lock gate = new();

    /// <summary>Signs with <paramref name="key"/> (the connection file's <c>key</c>).</summary>
    public MessageSigner(string key) => this.key = Encoding.UTF8.GetBytes(key);

    /// <summary>False when the connection file gave no key: messages are then neither signed nor checked.</summary>
    public bool Enabled => key.Length > 0;

    /// <summary>The signature of the four JSON frames.</summary>
    public string Sign(byte[] header, byte[] parentHeader, byte[] metadata, byte[] content)
    {
        if (!Enabled) return "";
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(header);
        hmac.AppendData(parentHeader);
        hmac.AppendData(metadata);
        hmac.AppendData(content);
        return Convert.ToHexStringLower(hmac.GetHashAndReset());
    }

    /// <summary>Checks a received message's signature; null when it is good, otherwise why it is refused.</summary>
    public string? Check(string signature, byte[] header, byte[] parentHeader, byte[] metadata, byte[] content)
    {
        if (!Enabled) return null;
        if (signature.Length == 0) return "the message is unsigned";
        var expected = Sign(header, parentHeader, metadata, content);
        // Constant-time comparison, so the time taken reveals nothing about the right signature.
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature.ToLowerInvariant()), Encoding.ASCII.GetBytes(expected)))
            return "the signature does not match the connection key";
        lock (gate)
        {
            if (!seen.Add(expected)) return "the message is a replay of one already received";
            seenOrder.Enqueue(expected);
            if (seenOrder.Count > ReplayMemory) seen.Remove(seenOrder.Dequeue());
        }
        return null;
    }
}
