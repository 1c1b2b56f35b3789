namespace LargeModelsCourse.Models;

/// <summary>
/// The shape of a <see cref="TinyGpt"/>: vocabulary, context length, width, number of blocks and heads.
/// Taught in chapter 09 ("Attention and transformers").
/// </summary>
public sealed record GptConfig(int Vocabulary, int Context, int Width, int Layers, int Heads)
{
    /// <summary>Throws with a clear message when a size is not positive or the width does not split into the heads.</summary>
    public GptConfig Validated()
    {
        if (Vocabulary < 1 || Context < 1 || Width < 1 || Layers < 1 || Heads < 1)
            throw new ArgumentException($"Every size of a GPT must be positive: {this}.");
        if (Width % Heads != 0) throw new ArgumentException($"The width {Width} must be a multiple of the number of heads {Heads}.");
        return this;
    }
}
