using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LargeModelsCourse.Models;

/// <summary>
/// A pre-norm transformer block: x + attention(norm(x)), then x + mlp(norm(x)), the MLP 4× wider with GELU.
/// Taught in chapter 09 ("Attention and transformers").
/// </summary>
public sealed class GptBlock : Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1, norm2;
    private readonly CausalSelfAttention attention;
    private readonly Sequential mlp;

    /// <summary>A block of width <paramref name="width"/> with <paramref name="heads"/> attention heads.</summary>
    public GptBlock(int width, int heads) : base(nameof(GptBlock))
    {
        norm1 = LayerNorm(width);
        attention = new CausalSelfAttention(width, heads);
        norm2 = LayerNorm(width);
        mlp = Sequential(Linear(width, 4 * width), GELU(), Linear(4 * width, width));
        RegisterComponents();
    }

    /// <summary>The block's attention layer.</summary>
    public CausalSelfAttention Attention => attention;

    /// <inheritdoc/>
    public override Tensor forward(Tensor x)
    {
        x = x + attention.forward(norm1.forward(x));
        return x + mlp.forward(norm2.forward(x));
    }

    /// <summary>The same, computing attention by hand and returning its weights too.</summary>
    public (Tensor Output, Tensor Weights) ForwardWithWeights(Tensor x)
    {
        var (attended, weights) = attention.ForwardWithWeights(norm1.forward(x));
        x = x + attended;
        return (x + mlp.forward(norm2.forward(x)), weights);
    }
}
