using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LargeModelsCourse.Text;

/// <summary>One merge of byte-pair encoding: the pair of token ids joined, the new id, and how often the pair occurred when it was chosen.</summary>
/// <param name="Left">The first token of the pair.</param>
/// <param name="Right">The second token of the pair.</param>
/// <param name="Id">The id the merged token gets (256 for the first merge, then one more each time).</param>
/// <param name="Count">How many times the pair occurred in the training text at the moment it was merged.</param>
public sealed record BpeMerge(int Left, int Right, int Id, long Count);

/// <summary>
/// A byte-level byte-pair-encoding (BPE) tokenizer, the scheme of GPT-2 and most large language models since.
/// The text is first cut into chunks (a word with its leading space, a number, a run of punctuation, a run of
/// white space); each chunk becomes its UTF-8 bytes, ids 0–255. Training then repeats one step: count every pair
/// of neighbouring tokens inside the chunks, join the most frequent pair into a new token. Ties go to the smallest
/// (left, right) pair, so training is deterministic. Because every text is bytes first, any string round-trips
/// exactly, whatever its script (Chinese included): unknown words are never lost, only split into more tokens.
/// Taught in chapter 13 ("Pre-training and fine-tuning").
/// </summary>
public sealed partial class BpeTokenizer
{
    /// <summary>Ids 0–255 are the bytes themselves.</summary>
    public const int ByteCount = 256;

    private const int FormatVersion = 1;
    private readonly BpeMerge[] merges;
    private readonly Dictionary<(int, int), int> rank;
    private readonly byte[][] tokenBytes;
    private readonly Dictionary<string, int[]> cache = new(StringComparer.Ordinal);
    private readonly Lock cacheGate = new();

    private BpeTokenizer(BpeMerge[] merges)
    {
        this.merges = merges;
        rank = new Dictionary<(int, int), int>(merges.Length);
        tokenBytes = new byte[ByteCount + merges.Length][];
        for (var b = 0; b < ByteCount; b++) tokenBytes[b] = [(byte)b];
        for (var i = 0; i < merges.Length; i++)
        {
            var m = merges[i];
            if (m.Id != ByteCount + i || m.Left < 0 || m.Right < 0 || m.Left >= m.Id || m.Right >= m.Id)
                throw new InvalidDataException($"Merge {i} ({m.Left}, {m.Right}) → {m.Id} is not valid: merge i must create id {ByteCount + i} from two earlier ids.");
            rank[(m.Left, m.Right)] = i;
            tokenBytes[m.Id] = [.. tokenBytes[m.Left], .. tokenBytes[m.Right]];
        }
    }

    /// <summary>A tokenizer with no merges: one token per byte.</summary>
    public static BpeTokenizer Bytes { get; } = new([]);

    /// <summary>The merges in the order they were learned.</summary>
    public IReadOnlyList<BpeMerge> Merges => merges;

    /// <summary>Number of token ids: 256 bytes plus one per merge. The model's embedding table needs this many rows.</summary>
    public int VocabularySize => ByteCount + merges.Length;

    /// <summary>
    /// Cuts text into the chunks merges never cross: an optional space followed by letters (or by digits, or by
    /// other symbols), or a run of white space. Every character belongs to exactly one chunk, so joining the chunks
    /// gives back the text.
    /// </summary>
    public static IReadOnlyList<string> Chunks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ChunkPattern().Matches(text).Select(m => m.Value).ToList();
    }

    /// <summary>
    /// Learns <paramref name="mergeCount"/> merges from <paramref name="texts"/> (fewer when no pair occurs twice any more).
    /// </summary>
    /// <param name="texts">The training texts.</param>
    /// <param name="mergeCount">How many merges to learn; the vocabulary will have 256 + this many ids.</param>
    public static BpeTokenizer Train(IEnumerable<string> texts, int mergeCount)
    {
        ArgumentNullException.ThrowIfNull(texts);
        if (mergeCount < 0) throw new ArgumentOutOfRangeException(nameof(mergeCount), mergeCount, "mergeCount must be zero or more.");

        // Each distinct chunk once, with how often it occurs: merges are counted per chunk, weighted by frequency.
        var frequency = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            ArgumentNullException.ThrowIfNull(text, nameof(texts));
            foreach (Match m in ChunkPattern().Matches(text))
                frequency[m.Value] = frequency.GetValueOrDefault(m.Value) + 1;
        }
        var words = frequency.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => Encoding.UTF8.GetBytes(p.Key).Select(b => (int)b).ToList()).ToArray();
        var counts = frequency.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value).ToArray();

        var pairCounts = new Dictionary<(int, int), long>();
        var where = new Dictionary<(int, int), HashSet<int>>();
        void Count(int w, long sign)
        {
            var symbols = words[w];
            for (var i = 0; i + 1 < symbols.Count; i++)
            {
                var pair = (symbols[i], symbols[i + 1]);
                var c = pairCounts.GetValueOrDefault(pair) + sign * counts[w];
                if (c == 0) pairCounts.Remove(pair); else pairCounts[pair] = c;
                if (sign > 0)
                {
                    if (!where.TryGetValue(pair, out var set)) where[pair] = set = [];
                    set.Add(w);
                }
            }
        }
        for (var w = 0; w < words.Length; w++) Count(w, +1);

        var learned = new List<BpeMerge>(mergeCount);
        while (learned.Count < mergeCount)
        {
            var best = (Pair: (-1, -1), Count: 1L);
            foreach (var (pair, c) in pairCounts)
            {
                // Most frequent first; among equals the smallest (left, right), so every run learns the same merges.
                if (c > best.Count || (c == best.Count && best.Pair.Item1 >= 0 && pair.CompareTo(best.Pair) < 0))
                    best = (pair, c);
            }
            if (best.Pair.Item1 < 0) break;   // no pair occurs twice: further merges would only memorize single words
            var id = ByteCount + learned.Count;
            learned.Add(new BpeMerge(best.Pair.Item1, best.Pair.Item2, id, best.Count));
            foreach (var w in where[best.Pair].ToArray())
            {
                Count(w, -1);
                words[w] = MergePair(words[w], best.Pair.Item1, best.Pair.Item2, id);
                Count(w, +1);
            }
            where.Remove(best.Pair);
        }
        return new BpeTokenizer([.. learned]);
    }

    private static List<int> MergePair(List<int> symbols, int left, int right, int id)
    {
        var merged = new List<int>(symbols.Count);
        for (var i = 0; i < symbols.Count; i++)
        {
            if (i + 1 < symbols.Count && symbols[i] == left && symbols[i + 1] == right)
            {
                merged.Add(id);
                i++;
            }
            else merged.Add(symbols[i]);
        }
        return merged;
    }

    /// <summary>
    /// The tokenizer made of only the first <paramref name="mergeCount"/> merges: since training is greedy, it is exactly
    /// the tokenizer that training with <paramref name="mergeCount"/> merges would give, without training again.
    /// </summary>
    public BpeTokenizer Truncated(int mergeCount)
    {
        if (mergeCount < 0 || mergeCount > merges.Length)
            throw new ArgumentOutOfRangeException(nameof(mergeCount), mergeCount, $"This tokenizer has {merges.Length} merges; keep between 0 and {merges.Length}.");
        return mergeCount == merges.Length ? this : new BpeTokenizer(merges[..mergeCount]);
    }

    /// <summary>The token ids of <paramref name="text"/>.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ids = new List<int>(text.Length / 3 + 1);
        foreach (Match m in ChunkPattern().Matches(text)) ids.AddRange(EncodeChunk(m.Value));
        return [.. ids];
    }

    /// <summary>The token ids of one chunk, applying the learned merges in the order they were learned.</summary>
    private int[] EncodeChunk(string chunk)
    {
        lock (cacheGate)
            if (cache.TryGetValue(chunk, out var known)) return known;
        if (chunk.Any(char.IsSurrogate) && !IsWellFormed(chunk))
            throw new ArgumentException("The text holds a lone UTF-16 surrogate, which is not a character and has no UTF-8 bytes; repair or remove it before encoding.", nameof(chunk));
        var symbols = Encoding.UTF8.GetBytes(chunk).Select(b => (int)b).ToList();
        while (symbols.Count > 1)
        {
            // The pair learned earliest is applied first, exactly as in training.
            var (bestRank, bestAt) = (int.MaxValue, -1);
            for (var i = 0; i + 1 < symbols.Count; i++)
                if (rank.TryGetValue((symbols[i], symbols[i + 1]), out var r) && r < bestRank) (bestRank, bestAt) = (r, i);
            if (bestAt < 0) break;
            var m = merges[bestRank];
            symbols = MergePair(symbols, m.Left, m.Right, m.Id);
        }
        var ids = symbols.ToArray();
        lock (cacheGate)
            if (cache.Count < 200_000) cache[chunk] = ids;
        return ids;
    }

    private static bool IsWellFormed(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) i++;
            else if (char.IsSurrogate(s[i])) return false;
        }
        return true;
    }

    /// <summary>The text of <paramref name="ids"/>: their bytes joined and read as UTF-8.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var bytes = new List<byte>();
        foreach (var id in ids) bytes.AddRange(TokenBytes(id));
        return Encoding.UTF8.GetString([.. bytes]);
    }

    /// <summary>The text of <paramref name="ids"/> (int64 ids, as a model's tensors hold them).</summary>
    public string Decode(IEnumerable<long> ids) => Decode(ids.Select(i => checked((int)i)));

    /// <summary>The bytes token <paramref name="id"/> stands for.</summary>
    public IReadOnlyList<byte> TokenBytes(int id) => id >= 0 && id < tokenBytes.Length ? tokenBytes[id]
        : throw new ArgumentOutOfRangeException(nameof(id), id, $"Token ids run from 0 to {tokenBytes.Length - 1}.");

    /// <summary>
    /// A readable label for token <paramref name="id"/>: its text with a space shown as ␣ and a new line as ⏎, or
    /// its bytes in hex (e.g. <c>&lt;e4 b8&gt;</c>) when they are only part of a character.
    /// </summary>
    public string TokenText(int id)
    {
        var bytes = TokenBytes(id);
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString([.. bytes]);
            return text.Replace(" ", "␣", StringComparison.Ordinal).Replace("\n", "⏎", StringComparison.Ordinal).Replace("\t", "⇥", StringComparison.Ordinal).Replace("\r", "␍", StringComparison.Ordinal);
        }
        catch (DecoderFallbackException)
        {
            return "<" + string.Join(" ", bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture))) + ">";
        }
    }

    /// <summary>Writes the merges to <paramref name="path"/> as JSON (a temporary file renamed into place, so a reader never sees half a file).</summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var json = JsonSerializer.Serialize(new SavedTokenizer(FormatVersion, merges.Select(m => new[] { m.Left, m.Right, m.Count }).ToArray()));
        AtomicFile.WriteAllText(path, json);
    }

    /// <summary>Reads a tokenizer written by <see cref="Save"/>.</summary>
    public static BpeTokenizer Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No tokenizer file at {path}; train one with BpeTokenizer.Train and Save it first.", path);
        SavedTokenizer? saved;
        try { saved = JsonSerializer.Deserialize<SavedTokenizer>(File.ReadAllText(path)); }
        catch (JsonException e) { throw new InvalidDataException($"{path} is not a tokenizer file written by BpeTokenizer.Save: {e.Message}", e); }
        if (saved is null || saved.Version != FormatVersion || saved.Merges is null)
            throw new InvalidDataException($"{path} is not a version-{FormatVersion} tokenizer file; delete it and train the tokenizer again.");
        return new BpeTokenizer(saved.Merges.Select((m, i) => m.Length == 3
            ? new BpeMerge((int)m[0], (int)m[1], ByteCount + i, m[2])
            : throw new InvalidDataException($"{path}: merge {i} has {m.Length} numbers, expected 3 (left, right, count).")).ToArray());
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"Byte-level BPE: {VocabularySize:N0} ids (256 bytes + {merges.Length:N0} merges){(merges.Length > 0 ? ", first merges: " + string.Join(", ", merges.Take(6).Select(m => TokenText(m.Id))) : "")}");

    private sealed record SavedTokenizer(int Version, long[][] Merges);

    // A word with an optional leading space, a number, a run of other symbols, or white space (a run that stops
    // before the last space, so that space can start the next word, as in GPT-2).
    [GeneratedRegex(@" ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+", RegexOptions.CultureInvariant)]
    private static partial Regex ChunkPattern();
}
