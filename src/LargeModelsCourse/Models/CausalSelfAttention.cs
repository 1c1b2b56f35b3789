using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LargeModelsCourse.Models;

/// <summary>
/// Causal multi-head self-attention: one linear map makes Q, K and V for all heads, another mixes the heads.
/// The two maps are the "attention projections" LoRA adapts (<see cref="UseProjections"/>).
/// Taught in chapter 09 ("Attention and transformers"); adapted with LoRA in chapter 13.
/// </summary>
public sealed class CausalSelfAttention : Module<Tensor, Tensor>
{
    private Module<Tensor, Tensor> qkv, output;
    private readonly int heads;

    /// <summary>A layer of width <paramref name="width"/> with <paramref name="heads"/> heads (width must divide evenly).</summary>
    public CausalSelfAttention(int width, int heads) : base(nameof(CausalSelfAttention))
    {
        if (heads < 1 || width % heads != 0)
            throw new ArgumentException($"width {width} must be a multiple of the number of heads {heads}.", nameof(heads));
        this.heads = heads;
        qkv = Linear(width, 3 * width);
        output = Linear(width, width);
        RegisterComponents();
    }

    /// <summary>The map from the input to Q, K and V (a Linear, or a LoRA wrapper around one).</summary>
    public Module<Tensor, Tensor> QkvProjection => qkv;

    /// <summary>The map that mixes the heads' outputs.</summary>
    public Module<Tensor, Tensor> OutputProjection => output;

    /// <summary>Replaces the two projections, e.g. with <see cref="LoraLinear"/> wrappers of the current ones.</summary>
    public void UseProjections(Module<Tensor, Tensor> newQkv, Module<Tensor, Tensor> newOutput)
    {
        ArgumentNullException.ThrowIfNull(newQkv);
        ArgumentNullException.ThrowIfNull(newOutput);
        // TorchSharp refuses to register a name twice: drop the old registration first.
        register_module("qkv", null!);
        register_module("output", null!);
        qkv = newQkv;
        output = newOutput;
        register_module("qkv", qkv);
        register_module("output", output);
    }

    private (Tensor Q, Tensor K, Tensor V) Project(Tensor x)          // x: [batch, time, width]
    {
        var (b, t, w) = (x.shape[0], x.shape[1], x.shape[2]);
        var parts = qkv.forward(x).view(b, t, 3, heads, w / heads).permute(2, 0, 3, 1, 4);   // [3, batch, heads, time, headWidth]
        return (parts[0], parts[1], parts[2]);
    }

    private Tensor Merge(Tensor y, Tensor x) => output.forward(y.transpose(1, 2).reshape(x.shape));

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        var (q, k, v) = Project(x);
        return Merge(functional.scaled_dot_product_attention(q, k, v, is_casual: true), x);
    }

    /// <summary>The same layer computed by hand; also returns the attention weights [batch, heads, time, time].</summary>
    public (Tensor Output, Tensor Weights) ForwardWithWeights(Tensor x)
    {
        var (q, k, v) = Project(x);
        var t = x.shape[1];
        var future = torch.ones(t, t, dtype: ScalarType.Bool, device: x.device).triu(1);
        var weights = (q.matmul(k.transpose(-2, -1)) / Math.Sqrt(q.shape[^1])).masked_fill(future, double.NegativeInfinity).softmax(-1);
        return (Merge(weights.matmul(v), x), weights);
    }
}
