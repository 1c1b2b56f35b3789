using LargeModelsCourse.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Models;

/// <summary>
/// Next-token pre-training of a <see cref="TinyGpt"/> on a long run of token ids: random windows, cross-entropy on every
/// position, AdamW. It is the loop chapter 13 writes out cell by cell, with the same seeds, so it gives the same model;
/// chapter 14 uses it to rebuild chapter 13's checkpoint when it is missing. Taught in chapter 13 ("Pre-training and fine-tuning").
/// </summary>
public static class GptPretraining
{
    /// <summary>
    /// Trains a fresh GPT of shape <paramref name="config"/> (initialized after <c>Course.Seed(seed)</c>) for
    /// <paramref name="steps"/> steps on batches of <paramref name="batch"/> random windows of <paramref name="tokens"/>.
    /// </summary>
    public static TinyGpt Run(Tensor tokens, GptConfig config, int steps, int batch = 32, double learningRate = 3e-3, int seed = 0,
        Action<int, double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(config);
        if (tokens.shape[0] <= config.Context + 1)
            throw new ArgumentException($"The text has {tokens.shape[0]} tokens; it needs more than one window of {config.Context + 1}.", nameof(tokens));
        Course.Seed(seed);
        var gpt = new TinyGpt(config);
        var optimizer = optim.AdamW(gpt.parameters(), lr: learningRate);
        var batches = new Generator((ulong)seed, torch.CPU);
        gpt.train();
        for (var step = 1; step <= steps; step++)
        {
            Notebook.ThrowIfCancelled();
            using var scope = torch.NewDisposeScope();
            var starts = torch.randint(0, tokens.shape[0] - config.Context - 1, [batch], generator: batches);
            var index = starts.unsqueeze(1) + torch.arange(config.Context);
            optimizer.zero_grad();
            var loss = nn.functional.cross_entropy(gpt.forward(tokens[index]).view(-1, config.Vocabulary), tokens[index + 1].view(-1));
            loss.backward();
            optimizer.step();
            progress?.Invoke(step, loss.item<float>());
        }
        return gpt;
    }
}
