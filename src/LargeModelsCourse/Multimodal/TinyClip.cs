using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LargeModelsCourse.Multimodal;

/// <summary>
/// A CLIP-shaped model small enough for a CPU: an image encoder (two convolution layers with pooling, then a linear map)
/// and a text encoder (token embeddings averaged over the caption, then a linear map) that both end in the same
/// same many-dimensional space, trained with <see cref="ContrastiveLoss"/> so that an image and its
/// caption land close together. Taught in chapter 14 ("Alignment and multimodality").
/// </summary>
public sealed class TinyClip : Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Sequential imageEncoder;
    private readonly Embedding tokenEmbedding;
    private readonly Linear textProjection;
    private readonly ContrastiveLoss loss;

    /// <summary>A model for 28×28 grey images and captions over a vocabulary of <paramref name="vocabulary"/> token ids.</summary>
    public TinyClip(int vocabulary, int dimensions = 64, int textWidth = 64) : base(nameof(TinyClip))
    {
        if (vocabulary < 1 || dimensions < 1 || textWidth < 1) throw new ArgumentException("Every size of TinyClip must be positive.");
        imageEncoder = Sequential(
            Conv2d(1, 8, 5, padding: 2), ReLU(), MaxPool2d(2),        // 8 × 14 × 14
            Conv2d(8, 16, 5), ReLU(), MaxPool2d(2),                   // 16 × 5 × 5
            Flatten(), Linear(16 * 5 * 5, dimensions));
        tokenEmbedding = Embedding(vocabulary, textWidth);
        textProjection = Linear(textWidth, dimensions);
        loss = new ContrastiveLoss();
        RegisterComponents();
    }

    /// <summary>The contrastive loss with its learned temperature.</summary>
    public ContrastiveLoss Loss => loss;

    /// <summary>Image embeddings [batch, dimensions] of images [batch, 1, 28, 28].</summary>
    public Tensor EncodeImages(Tensor images) => imageEncoder.forward(images);

    /// <summary>
    /// Text embeddings [batch, dimensions] of token ids [batch, time], right-padded, with each caption's
    /// <paramref name="lengths"/> [batch]: the mean of the real tokens' embeddings, then a linear map.
    /// </summary>
    public Tensor EncodeTexts(Tensor ids, Tensor lengths)
    {
        var mask = torch.arange(ids.shape[1], device: ids.device).unsqueeze(0).lt(lengths.unsqueeze(1)).to(float32).unsqueeze(-1);
        var pooled = (tokenEmbedding.forward(ids) * mask).sum(1) / mask.sum(1).clamp_min(1);
        return textProjection.forward(pooled);
    }

    /// <summary>The contrastive loss of a batch of matching images and captions.</summary>
    public override Tensor forward(Tensor images, Tensor ids, Tensor lengths) => loss.forward(EncodeImages(images), EncodeTexts(ids, lengths));
}
