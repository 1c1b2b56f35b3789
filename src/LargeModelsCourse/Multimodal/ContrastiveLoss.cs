using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LargeModelsCourse.Multimodal;

/// <summary>
/// The symmetric InfoNCE loss of CLIP (Radford et al. 2021) with a learned temperature. For a batch of n matching
/// (image, text) pairs, both embeddings are scaled to length 1 and every image is compared with every text:
/// logits = s · I Tᵀ, with s = exp(t) a learned scale (1 / temperature). Pair i's image must pick text i among the n
/// (cross-entropy along rows), and text i must pick image i (along columns); the loss is the mean of the two.
/// s starts at 1 / 0.07 as in CLIP and is capped at 100. Taught in chapter 14 ("Alignment and multimodality").
/// </summary>
public sealed class ContrastiveLoss : Module<Tensor, Tensor, Tensor>
{
    /// <summary>The largest scale allowed, as in CLIP: keeps the softmax from becoming a hard maximum.</summary>
    public const double MaxScale = 100;

    private readonly Parameter logScale;

    /// <summary>A loss whose scale starts at 1 / <paramref name="initialTemperature"/>.</summary>
    public ContrastiveLoss(double initialTemperature = 0.07) : base(nameof(ContrastiveLoss))
    {
        if (initialTemperature <= 0) throw new ArgumentOutOfRangeException(nameof(initialTemperature), initialTemperature, "The temperature must be positive.");
        logScale = Parameter(torch.tensor(Math.Log(1 / initialTemperature), float32));
        RegisterComponents();
    }

    /// <summary>The learned scale s = exp(t) = 1 / temperature.</summary>
    public double Scale => logScale.exp().clamp_max(MaxScale).item<float>();

    /// <summary>The similarity logits s · normalize(images) · normalize(texts)ᵀ, [images, texts].</summary>
    public Tensor Logits(Tensor imageEmbeddings, Tensor textEmbeddings) =>
        Similarities(imageEmbeddings, textEmbeddings) * logScale.exp().clamp_max(MaxScale);

    /// <summary>Cosine similarities of every image with every text, [images, texts].</summary>
    public static Tensor Similarities(Tensor imageEmbeddings, Tensor textEmbeddings) =>
        functional.normalize(imageEmbeddings, dim: -1).matmul(functional.normalize(textEmbeddings, dim: -1).t());

    /// <summary>The loss for matching rows: image i belongs with text i.</summary>
    public override Tensor forward(Tensor imageEmbeddings, Tensor textEmbeddings)
    {
        if (imageEmbeddings.shape[0] != textEmbeddings.shape[0])
            throw new ArgumentException($"{imageEmbeddings.shape[0]} images but {textEmbeddings.shape[0]} texts: InfoNCE needs one text per image.");
        var logits = Logits(imageEmbeddings, textEmbeddings);
        var targets = torch.arange(logits.shape[0], device: logits.device);
        return (functional.cross_entropy(logits, targets) + functional.cross_entropy(logits.t(), targets)) / 2;
    }
}
