using LargeModelsCourse.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Distributed;

/// <summary>What a simulated all-reduce produced and what it sent.</summary>
/// <param name="Results">Each worker's copy of the sum, in worker order.</param>
/// <param name="BytesSentPerWorker">Bytes each worker put on the network.</param>
/// <param name="BytesSentByServer">Bytes a central server sent (0 for the ring, which has none).</param>
/// <param name="Steps">Rounds of messages, each round a set of sends that happen at the same time.</param>
public sealed record AllReduceRun(IReadOnlyList<Tensor> Results, IReadOnlyList<long> BytesSentPerWorker, long BytesSentByServer, int Steps);

/// <summary>
/// All-reduce run step by step on one machine: K "workers" each hold a gradient vector and end up holding the sum of
/// all K, with every message and its size recorded. Real clusters use NCCL, Gloo or MPI for this; the simulation exists
/// so a student can watch the algorithm and count the bytes that <see cref="CommunicationCost"/> predicts.
/// Taught in chapter 10.
/// </summary>
public static class SimulatedAllReduce
{
    /// <summary>
    /// Ring all-reduce: the vector is cut into K chunks; in K−1 reduce-scatter rounds each worker passes one chunk
    /// to its right-hand neighbour, who adds it to its own, until worker i holds the complete sum of chunk i+1; in
    /// K−1 all-gather rounds the completed chunks travel round the ring again and overwrite the stale ones.
    /// Every worker sends 2·(K−1) chunks: 2·(K−1)/K of the vector. Taught in chapter 10.
    /// </summary>
    /// <param name="vectors">One 1-D tensor per worker, all the same length and type.</param>
    public static AllReduceRun Ring(IReadOnlyList<Tensor> vectors)
    {
        var k = Check(vectors, ring: true);
        // Each worker's buffer, cut into K chunks (sizes differ by at most one value when K does not divide N).
        var chunks = vectors.Select(v => v.detach().clone().tensor_split(k)).ToArray();
        var sent = new long[k];
        var elementSize = vectors[0].ElementSize;
        var steps = 0;

        // Reduce-scatter: in round s, worker i sends chunk (i − s) mod K to worker i + 1, who adds it to its own.
        for (var s = 0; s < k - 1; s++, steps++)
        {
            Notebook.ThrowIfCancelled();
            // All sends of a round happen at once, so every message is read before any buffer changes.
            var messages = Enumerable.Range(0, k).Select(i => (To: (i + 1) % k, Chunk: Mod(i - s, k), Data: chunks[i][Mod(i - s, k)].clone())).ToArray();
            foreach (var (to, chunk, data) in messages)
            {
                chunks[to][chunk].add_(data);
                data.Dispose();
            }
            for (var i = 0; i < k; i++) sent[i] += chunks[i][Mod(i - s, k)].numel() * elementSize;
        }

        // All-gather: worker i now owns the full sum of chunk (i + 1) mod K; in round s it forwards chunk (i + 1 − s) mod K.
        for (var s = 0; s < k - 1; s++, steps++)
        {
            Notebook.ThrowIfCancelled();
            var messages = Enumerable.Range(0, k).Select(i => (To: (i + 1) % k, Chunk: Mod(i + 1 - s, k), Data: chunks[i][Mod(i + 1 - s, k)].clone())).ToArray();
            foreach (var (to, chunk, data) in messages)
            {
                chunks[to][chunk].copy_(data);
                data.Dispose();
            }
            for (var i = 0; i < k; i++) sent[i] += chunks[i][Mod(i + 1 - s, k)].numel() * elementSize;
        }

        var results = chunks.Select(c =>
        {
            var whole = torch.cat(c);
            foreach (var piece in c) piece.Dispose();
            return whole;
        }).ToArray();
        return new AllReduceRun(results, sent, 0, steps);
    }

    /// <summary>
    /// A central parameter server: every worker sends its whole vector to the server (round 1), the server adds them and
    /// sends the sum back to every worker (round 2). A worker sends N values; the server sends K·N. Taught in chapter 10.
    /// </summary>
    /// <param name="vectors">One 1-D tensor per worker, all the same length and type.</param>
    public static AllReduceRun ParameterServer(IReadOnlyList<Tensor> vectors)
    {
        var k = Check(vectors, ring: false);
        var bytes = vectors[0].numel() * vectors[0].ElementSize;
        using var sum = torch.stack(vectors.Select(v => v.detach()).ToArray()).sum([0L]);
        var results = Enumerable.Range(0, k).Select(_ => sum.clone()).ToArray();
        return new AllReduceRun(results, Enumerable.Repeat(bytes, k).ToArray(), k * bytes, 2);
    }

    private static int Check(IReadOnlyList<Tensor> vectors, bool ring)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Count == 0) throw new ArgumentException("Give one gradient vector per worker; the list is empty.", nameof(vectors));
        var first = vectors[0];
        for (var i = 0; i < vectors.Count; i++)
        {
            var v = vectors[i] ?? throw new ArgumentException($"Worker {i}'s vector is null.", nameof(vectors));
            if (v.dim() != 1)
                throw new ArgumentException($"Worker {i}'s tensor has shape [{string.Join(", ", v.shape)}]; flatten each gradient to 1-D first (e.g. torch.cat of p.grad.flatten()).", nameof(vectors));
            if (v.shape[0] != first.shape[0] || v.dtype != first.dtype)
                throw new ArgumentException($"Worker {i} holds {v.shape[0]} {v.dtype} values but worker 0 holds {first.shape[0]} {first.dtype}: every worker must hold a vector of the same length and type.", nameof(vectors));
        }
        if (ring && first.shape[0] < vectors.Count)
            throw new ArgumentException($"The ring cuts the vector into one chunk per worker, so it needs at least {vectors.Count} values; it has {first.shape[0]}.", nameof(vectors));
        return vectors.Count;
    }

    private static int Mod(int a, int k) => ((a % k) + k) % k;
}
