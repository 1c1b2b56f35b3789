using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LargeModelsCourse.Models;

/// <summary>
/// Puts LoRA adapters on a GPT's attention projections (Q/K/V and output of every block), freezes everything
/// else, and merges the adapters back into plain weights. Taught in chapter 13 ("Pre-training and fine-tuning").
/// </summary>
public static class Lora
{
    /// <summary>
    /// Freezes every parameter of <paramref name="gpt"/> and wraps each block's two attention projections in a
    /// <see cref="LoraLinear"/> of rank <paramref name="rank"/>; only the adapters (and whatever the caller unfreezes
    /// afterwards, such as a classification head) train. Returns the adapters.
    /// </summary>
    public static IReadOnlyList<LoraLinear> Apply(TinyGpt gpt, int rank, double alpha, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(gpt);
        foreach (var p in gpt.parameters()) p.requires_grad = false;
        var adapters = new List<LoraLinear>();
        foreach (var block in gpt.Blocks)
        {
            var attention = block.Attention;
            if (attention.QkvProjection is not Linear qkv || attention.OutputProjection is not Linear output)
                throw new InvalidOperationException("This GPT already has adapters on its attention projections; merge them first (Lora.Merge).");
            var (q, o) = (new LoraLinear(qkv, rank, alpha, generator), new LoraLinear(output, rank, alpha, generator));
            attention.UseProjections(q, o);
            adapters.Add(q);
            adapters.Add(o);
        }
        return adapters;
    }

    /// <summary>Replaces every adapter of <paramref name="gpt"/> by its merged plain layer (<see cref="LoraLinear.Merged"/>).</summary>
    public static void Merge(TinyGpt gpt)
    {
        ArgumentNullException.ThrowIfNull(gpt);
        foreach (var block in gpt.Blocks)
        {
            var attention = block.Attention;
            if (attention.QkvProjection is LoraLinear q && attention.OutputProjection is LoraLinear o)
                attention.UseProjections(q.Merged(), o.Merged());
        }
    }

    /// <summary>Number of numbers that train (requires_grad) and in all, of <paramref name="module"/>.</summary>
    public static (long Trainable, long Total) Count(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        var all = module.parameters().ToList();
        return (all.Where(p => p.requires_grad).Sum(p => p.numel()), all.Sum(p => p.numel()));
    }
}
