using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Alignment;

/// <summary>The DPO loss of a batch and what it is made of, per pair.</summary>
/// <param name="Loss">Mean of −log σ(β · margin) over the pairs (a scalar that backpropagates).</param>
/// <param name="ChosenReward">Implicit reward of each preferred completion, β · (log π − log π_ref) [pairs].</param>
/// <param name="RejectedReward">Implicit reward of each rejected completion [pairs].</param>
public sealed record DpoTerms(Tensor Loss, Tensor ChosenReward, Tensor RejectedReward)
{
    /// <summary>Chosen minus rejected reward [pairs]: positive when the policy prefers the preferred completion more than the reference does.</summary>
    public Tensor RewardMargin => ChosenReward - RejectedReward;
}

/// <summary>
/// Direct preference optimization (Rafailov et al. 2023). For a prompt x with a preferred completion y_w and a
/// rejected one y_l, a policy π and a frozen reference π_ref, the loss is
/// −log σ(β [(log π(y_w|x) − log π_ref(y_w|x)) − (log π(y_l|x) − log π_ref(y_l|x))]).
/// It is the loss of RLHF's reward model with the reward written as β · log(π / π_ref), so the policy is tuned
/// directly, with no separate reward model and no reinforcement-learning loop; β sets how far from the reference it
/// may go. Taught in chapter 14 ("Alignment and multimodality").
/// </summary>
public static class Dpo
{
    /// <summary>The DPO loss from summed completion log-probabilities, each [pairs].</summary>
    public static DpoTerms Loss(Tensor policyChosen, Tensor policyRejected, Tensor referenceChosen, Tensor referenceRejected, double beta)
    {
        if (beta <= 0) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be positive.");
        var chosen = (policyChosen - referenceChosen) * beta;
        var rejected = (policyRejected - referenceRejected) * beta;
        var loss = -nn.functional.logsigmoid(chosen - rejected).mean();
        return new DpoTerms(loss, chosen.detach(), rejected.detach());
    }

    /// <summary>
    /// The log-probability a next-token model gives each sequence's completion: the sum of log p(token | tokens before)
    /// over the positions where <paramref name="completionMask"/> is 1. <paramref name="ids"/> [batch, time] holds prompt
    /// then completion (right-padded); the mask [batch, time] marks the completion tokens (never position 0, which has
    /// nothing before it).
    /// </summary>
    public static Tensor CompletionLogProbability(nn.Module<Tensor, Tensor> model, Tensor ids, Tensor completionMask)
    {
        ArgumentNullException.ThrowIfNull(model);
        var logits = model.forward(ids[.., ..^1]);                                   // predicts positions 1 … T−1
        var logProbabilities = logits.log_softmax(-1).gather(-1, ids[.., 1..].unsqueeze(-1)).squeeze(-1);
        return (logProbabilities * completionMask[.., 1..].to(logProbabilities.dtype)).sum(-1);
    }
}
