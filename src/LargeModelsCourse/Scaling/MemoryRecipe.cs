namespace LargeModelsCourse.Scaling;

/// <summary>
/// The bytes per parameter a training or inference set-up keeps in memory for weights, gradients and optimizer
/// state (activations and framework overhead come on top). Taught in chapter 01.
/// </summary>
/// <param name="Name">The set-up, e.g. "fp32 + Adam".</param>
/// <param name="WeightBytes">Bytes per parameter for the weights the forward pass reads.</param>
/// <param name="GradientBytes">Bytes per parameter for the gradients (0 for inference).</param>
/// <param name="OptimizerBytes">Bytes per parameter of optimizer state, including any fp32 master copy.</param>
public sealed record MemoryRecipe(string Name, double WeightBytes, double GradientBytes, double OptimizerBytes)
{
    /// <summary>Training in fp32 with Adam: 4 (weights) + 4 (gradients) + 8 (two fp32 moments).</summary>
    public static MemoryRecipe Fp32Adam { get; } = new("fp32 + Adam", 4, 4, 8);

    /// <summary>
    /// Mixed precision with Adam: fp16/bf16 weights and gradients (2 + 2) plus an fp32 master copy and two fp32
    /// moments (12), the accounting of Rajbhandari et al. 2020 (ZeRO, arXiv:1910.02054).
    /// </summary>
    public static MemoryRecipe MixedAdam { get; } = new("mixed fp16/bf16 + Adam", 2, 2, 12);

    /// <summary>Mixed precision with 8-bit Adam moments (Dettmers et al. 2022, arXiv:2110.02861): 2 + 2 + 4 (fp32 master) + 2.</summary>
    public static MemoryRecipe MixedAdam8Bit { get; } = new("mixed + 8-bit Adam", 2, 2, 6);

    /// <summary>Inference with fp32 weights.</summary>
    public static MemoryRecipe InferenceFp32 { get; } = new("inference fp32", 4, 0, 0);

    /// <summary>Inference with fp16/bf16 weights.</summary>
    public static MemoryRecipe InferenceFp16 { get; } = new("inference fp16/bf16", 2, 0, 0);

    /// <summary>Inference with int8 weights.</summary>
    public static MemoryRecipe InferenceInt8 { get; } = new("inference int8", 1, 0, 0);

    /// <summary>The recipes above, training first.</summary>
    public static IReadOnlyList<MemoryRecipe> All { get; } =
        [Fp32Adam, MixedAdam, MixedAdam8Bit, InferenceFp32, InferenceFp16, InferenceInt8];

    /// <summary>Bytes per parameter in total.</summary>
    public double BytesPerParameter => WeightBytes + GradientBytes + OptimizerBytes;

    /// <summary>Bytes for a model of <paramref name="parameters"/> parameters. Taught in chapter 01.</summary>
    public double Bytes(double parameters)
    {
        TrainingCompute.RequirePositive(parameters, nameof(parameters));
        return BytesPerParameter * parameters;
    }

    /// <summary>The same in gigabytes (10⁹ bytes, as GPU memory is sold). Taught in chapter 01.</summary>
    public double Gigabytes(double parameters) => Bytes(parameters) / 1e9;
}
