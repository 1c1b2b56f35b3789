namespace LargeModelsCourse.Scaling;

/// <summary>
/// Closed-form parameter counts of transformer stacks, to check a count made by walking a model's
/// <c>parameters()</c>. Taught in chapter 01.
/// </summary>
public static class ParameterCount
{
    /// <summary>
    /// Parameters of one transformer block of width <paramref name="width"/> (d) with a feed-forward layer of
    /// width <paramref name="feedForward"/> (f): attention projections Q, K, V and output (4d² + 4d), the two
    /// feed-forward layers (2df + f + d) and two LayerNorms (4d). With f = 4d this is 12d² + 13d.
    /// Taught in chapter 01.
    /// </summary>
    public static long Block(long width, long feedForward)
    {
        Positive(width, nameof(width));
        Positive(feedForward, nameof(feedForward));
        var attention = 4 * width * width + 4 * width;
        var mlp = 2 * width * feedForward + feedForward + width;
        var norms = 4 * width;
        return attention + mlp + norms;
    }

    /// <summary>
    /// A GPT-2-style decoder: token embeddings (V·d), learned positions (T·d), <paramref name="layers"/> blocks with
    /// a 4d feed-forward layer, a final LayerNorm (2d, GPT-2 has one, GPT-1 has none) and an output head that reuses
    /// the token embeddings (tied: no extra parameters) or has its own V·d matrix. Taught in chapter 01.
    /// </summary>
    /// <param name="vocabulary">Tokens in the vocabulary (V).</param>
    /// <param name="context">Positions the model can see (T).</param>
    /// <param name="width">Model width (d).</param>
    /// <param name="layers">Number of blocks (L).</param>
    /// <param name="tiedHead">True when the output head is the token-embedding matrix (GPT-2).</param>
    /// <param name="finalNorm">True when a LayerNorm follows the last block (GPT-2, pre-LN).</param>
    public static long GptDecoder(long vocabulary, long context, long width, long layers, bool tiedHead = true, bool finalNorm = true)
    {
        Positive(vocabulary, nameof(vocabulary));
        Positive(context, nameof(context));
        Positive(layers, nameof(layers));
        return vocabulary * width + context * width + layers * Block(width, 4 * width)
               + (finalNorm ? 2 * width : 0) + (tiedHead ? 0 : vocabulary * width);
    }

    /// <summary>
    /// A BERT-style encoder: token, position and token-type (segment) embeddings plus their LayerNorm,
    /// <paramref name="layers"/> blocks with a 4d feed-forward layer, and the pooler (a d×d layer with bias over the
    /// first token). The pre-training heads are not counted, as the published BERT sizes do not count them.
    /// Taught in chapter 01.
    /// </summary>
    public static long BertEncoder(long vocabulary, long positions, long tokenTypes, long width, long layers, bool pooler = true)
    {
        Positive(vocabulary, nameof(vocabulary));
        Positive(positions, nameof(positions));
        Positive(tokenTypes, nameof(tokenTypes));
        Positive(layers, nameof(layers));
        var embeddings = (vocabulary + positions + tokenTypes) * width + 2 * width;
        return embeddings + layers * Block(width, 4 * width) + (pooler ? width * width + width : 0);
    }

    private static void Positive(long value, string name)
    {
        if (value <= 0)
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive size (got {value}); pass the model's configuration value, e.g. width 768.");
    }
}
