using System.Collections;
using LargeModelsCourse.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Data;

/// <summary>
/// Mini-batches over tensors that are already in memory, like PyTorch's <c>DataLoader</c>:
/// <c>foreach (var (x, y) in loader) { … }</c>. Each pass over the loader is one epoch; with shuffling, each epoch
/// draws a new permutation from a generator seeded once, so runs repeat exactly. A batch is one <c>index_select</c>
/// of the inputs and of the targets (a view, without shuffling); nothing else is allocated per batch.
/// A batch stays valid until the loop moves to the next one (<c>clone()</c> it to keep it). Taught in chapter 06.
/// </summary>
public sealed class BatchLoader : IEnumerable<(Tensor x, Tensor y)>, IDisposable
{
    private readonly Tensor _inputs;
    private readonly Tensor _targets;
    private readonly Generator? _generator;

    /// <summary>Creates a loader over <paramref name="inputs"/> and <paramref name="targets"/> (same first dimension).</summary>
    public BatchLoader(Tensor inputs, Tensor targets, int batchSize, bool shuffle = true, long seed = Course.DefaultSeed, bool dropLast = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (inputs.shape[0] != targets.shape[0])
            throw new ArgumentException($"inputs have {inputs.shape[0]} rows but targets {targets.shape[0]}");
        _inputs = inputs;
        _targets = targets;
        BatchSize = batchSize;
        Shuffle = shuffle;
        DropLast = dropLast;
        if (shuffle) _generator = new Generator((ulong)seed, torch.CPU);
    }

    /// <summary>Examples per batch (the last batch may be smaller unless <see cref="DropLast"/>).</summary>
    public int BatchSize { get; }

    /// <summary>Whether each epoch visits the examples in a new random order.</summary>
    public bool Shuffle { get; }

    /// <summary>Whether a last, smaller batch is skipped.</summary>
    public bool DropLast { get; }

    /// <summary>Number of examples.</summary>
    public long Examples => _inputs.shape[0];

    /// <summary>Batches per epoch.</summary>
    public int Count => (int)(DropLast ? Examples / BatchSize : (Examples + BatchSize - 1) / BatchSize);

    /// <summary>One epoch of batches.</summary>
    public IEnumerator<(Tensor x, Tensor y)> GetEnumerator()
    {
        var n = Examples;
        var order = Shuffle ? torch.randperm(n, generator: _generator).DetachFromDisposeScope() : null;
        Tensor? x = null, y = null;
        try
        {
            for (long start = 0; start < n; start += BatchSize)
            {
                var length = Math.Min(BatchSize, n - start);
                if (DropLast && length < BatchSize) yield break;
                Notebook.ThrowIfCancelled(); // an interrupted cell stops at the next batch
                x?.Dispose();
                y?.Dispose();
                if (order is null)
                {
                    x = _inputs.narrow(0, start, length).DetachFromDisposeScope();
                    y = _targets.narrow(0, start, length).DetachFromDisposeScope();
                }
                else
                {
                    using var index = order.narrow(0, start, length);
                    x = _inputs.index_select(0, index).DetachFromDisposeScope();
                    y = _targets.index_select(0, index).DetachFromDisposeScope();
                }
                yield return (x, y);
            }
        }
        finally
        {
            x?.Dispose();
            y?.Dispose();
            order?.Dispose();
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Frees the generator (the tensors belong to the caller).</summary>
    public void Dispose() => _generator?.Dispose();
}
