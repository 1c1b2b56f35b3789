using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LargeModelsCourse.Models;

/// <summary>
/// A GPT body with a classification head: the hidden state at each sequence's last real token (which, under the
/// causal mask, has read the whole sequence and nothing after it) goes through a linear layer to one logit per
/// class. Inputs are ids [batch, time], right-padded with any id, and each sequence's length [batch]; padding after
/// the last token cannot change its hidden state. Taught in chapter 13 ("Pre-training and fine-tuning").
/// </summary>
public sealed class GptClassifier : Module<Tensor, Tensor, Tensor>
{
    private readonly TinyGpt body;
    private readonly Linear classifier;

    /// <summary>A head with <paramref name="classes"/> outputs on top of <paramref name="body"/> (pre-trained or fresh).</summary>
    public GptClassifier(TinyGpt body, int classes) : base(nameof(GptClassifier))
    {
        ArgumentNullException.ThrowIfNull(body);
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "A classifier needs at least two classes.");
        this.body = body;
        classifier = Linear(body.Config.Width, classes);
        RegisterComponents();
    }

    /// <summary>The GPT underneath.</summary>
    public TinyGpt Body => body;

    /// <summary>The new layer that maps a hidden state to class logits.</summary>
    public Linear Head => classifier;

    /// <summary>Class logits [batch, classes] for <paramref name="ids"/> [batch, time] whose real lengths are <paramref name="lengths"/> [batch].</summary>
    public override Tensor forward(Tensor ids, Tensor lengths)
    {
        var hidden = body.Hidden(ids);                                              // [batch, time, width]
        var last = (lengths - 1).clamp_min(0).view(-1, 1, 1).expand(-1, 1, hidden.shape[2]);
        return classifier.forward(hidden.gather(1, last).squeeze(1));
    }
}
