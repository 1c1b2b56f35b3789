using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LargeModelsCourse.Models;

/// <summary>
/// A decoder-only transformer: token and learned position embeddings, a stack of <see cref="GptBlock"/>s, a final
/// layer norm and a linear map to one logit per vocabulary entry, [batch, time] → [batch, time, vocabulary].
/// Taught in chapter 09 ("Attention and transformers"), where it is built cell by cell; chapter 13 pre-trains it on
/// BPE tokens and fine-tunes it, chapter 14 tunes it on preferences.
/// </summary>
public sealed class TinyGpt : Module<Tensor, Tensor>
{
    private readonly Embedding tokenEmbedding, positionEmbedding;
    private readonly ModuleList<GptBlock> blocks;
    private readonly LayerNorm finalNorm;
    private readonly Linear head;

    /// <summary>A freshly initialized GPT of shape <paramref name="config"/>.</summary>
    public TinyGpt(GptConfig config) : base(nameof(TinyGpt))
    {
        Config = config.Validated();
        tokenEmbedding = Embedding(config.Vocabulary, config.Width);
        positionEmbedding = Embedding(config.Context, config.Width);
        blocks = new ModuleList<GptBlock>(Enumerable.Range(0, config.Layers).Select(_ => new GptBlock(config.Width, config.Heads)).ToArray());
        finalNorm = LayerNorm(config.Width);
        head = Linear(config.Width, config.Vocabulary);
        RegisterComponents();
    }

    /// <summary>The model's shape.</summary>
    public GptConfig Config { get; }

    /// <summary>The longest sequence the model reads (the position table's size).</summary>
    public int Context => Config.Context;

    /// <summary>The blocks, first to last.</summary>
    public IReadOnlyList<GptBlock> Blocks => [.. blocks];

    /// <summary>The final layer's output map (width → vocabulary), the part a classifier replaces.</summary>
    public Linear OutputHead => head;

    private Tensor Embed(Tensor ids)
    {
        if (ids.shape[^1] > Context)
            throw new ArgumentException($"The sequence has {ids.shape[^1]} tokens but the model reads at most {Context}; cut it to the last {Context}.", nameof(ids));
        return tokenEmbedding.forward(ids) + positionEmbedding.forward(torch.arange(ids.shape[^1], device: ids.device));
    }

    /// <summary>The hidden states after the final layer norm, [batch, time, width]: what the output head (or a classifier) reads.</summary>
    public Tensor Hidden(Tensor ids)
    {
        var x = Embed(ids);
        foreach (var block in blocks) x = block.forward(x);
        return finalNorm.forward(x);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor ids) => head.forward(Hidden(ids));

    /// <summary>Attention weights of every layer for one sequence: [layer] → [heads, time, time].</summary>
    public List<Tensor> AttentionMaps(Tensor ids)
    {
        var maps = new List<Tensor>();
        var x = Embed(ids);
        foreach (var block in blocks)
        {
            (x, var weights) = block.ForwardWithWeights(x);
            maps.Add(weights[0]);
        }
        return maps;
    }

    /// <summary>
    /// Continues <paramref name="prompt"/> by <paramref name="length"/> tokens, drawing each from the softmax of the last
    /// logits divided by <paramref name="temperature"/> (the model sees at most its last <see cref="Context"/> tokens).
    /// </summary>
    public long[] Generate(IEnumerable<long> prompt, int length, double temperature, Generator generator)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        if (temperature <= 0) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be positive.");
        var ids = prompt.ToList();
        if (ids.Count == 0) throw new ArgumentException("The prompt needs at least one token.", nameof(prompt));
        var wasTraining = training;
        eval();
        using (torch.no_grad())
        {
            for (var i = 0; i < length; i++)
            {
                using var scope = torch.NewDisposeScope();
                var window = torch.tensor(ids.Skip(Math.Max(0, ids.Count - Context)).ToArray()).unsqueeze(0);
                var logits = forward(window)[0, -1] / temperature;
                ids.Add(torch.multinomial(logits.softmax(-1), 1, generator: generator).item<long>());
            }
        }
        train(wasTraining);
        return [.. ids];
    }
}
