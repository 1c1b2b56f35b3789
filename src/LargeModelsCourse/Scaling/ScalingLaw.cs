namespace LargeModelsCourse.Scaling;

/// <summary>
/// A scaling law of the Chinchilla form L(N, D) = E + A/N^α + B/D^β: the pre-training loss a language model of
/// N parameters reaches after D training tokens (Hoffmann et al. 2022, arXiv:2203.15556). Taught in chapter 01.
/// </summary>
/// <param name="Name">Where the constants come from.</param>
/// <param name="E">The irreducible loss (nats per token).</param>
/// <param name="A">Scale of the model-size term.</param>
/// <param name="B">Scale of the data term.</param>
/// <param name="Alpha">Exponent of the model-size term (α).</param>
/// <param name="Beta">Exponent of the data term (β).</param>
public sealed record ScalingLaw(string Name, double E, double A, double B, double Alpha, double Beta)
{
    /// <summary>
    /// The constants printed in Hoffmann et al. 2022 (approach 3, eq. 10): E = 1.69, A = 406.4, B = 410.7,
    /// α = 0.34, β = 0.28. Taught in chapter 01.
    /// </summary>
    public static ScalingLaw Hoffmann2022 { get; } = new("Hoffmann et al. 2022, as published", 1.69, 406.4, 410.7, 0.34, 0.28);

    /// <summary>
    /// The refit of the same data by Besiroglu et al. 2024 (arXiv:2404.10102): E = 1.8172, A = 482.01,
    /// B = 2085.43, α = 0.3478, β = 0.3658. Taught in chapter 01.
    /// </summary>
    public static ScalingLaw Besiroglu2024 { get; } = new("Besiroglu et al. 2024 refit", 1.8172, 482.01, 2085.43, 0.3478, 0.3658);

    /// <summary>The predicted loss of <paramref name="parameters"/> parameters trained on <paramref name="tokens"/> tokens. Taught in chapter 01.</summary>
    public double Loss(double parameters, double tokens)
    {
        TrainingCompute.RequirePositive(parameters, nameof(parameters));
        TrainingCompute.RequirePositive(tokens, nameof(tokens));
        return E + A / Math.Pow(parameters, Alpha) + B / Math.Pow(tokens, Beta);
    }

    /// <summary>
    /// The model size and token count that minimise <see cref="Loss"/> for a compute budget C = 6·N·D, in closed
    /// form: N* = G·(C/6)^(β/(α+β)) with G = (αA / βB)^(1/(α+β)), and D* = (C/6)/N*. Taught in chapter 01.
    /// </summary>
    public (double Parameters, double Tokens) ComputeOptimal(double flops)
    {
        TrainingCompute.RequirePositive(flops, nameof(flops));
        var g = Math.Pow(Alpha * A / (Beta * B), 1 / (Alpha + Beta));
        var n = g * Math.Pow(flops / TrainingCompute.FlopsPerParameterPerToken, Beta / (Alpha + Beta));
        return (n, flops / TrainingCompute.FlopsPerParameterPerToken / n);
    }
}

/// <summary>
/// Training compute of a dense transformer: about 6 floating-point operations per parameter per token,
/// 2 in the forward pass (a multiply and an add) and 4 in the backward pass (the gradient with respect to the
/// layer's input and the one with respect to its weights, each as large as the forward product). Taught in chapter 01.
/// </summary>
public static class TrainingCompute
{
    /// <summary>FLOPs per parameter per training token: 2 forward + 4 backward.</summary>
    public const double FlopsPerParameterPerToken = 6;

    /// <summary>C ≈ 6·N·D: the FLOPs to train <paramref name="parameters"/> parameters on <paramref name="tokens"/> tokens. Taught in chapter 01.</summary>
    public static double Flops(double parameters, double tokens)
    {
        RequirePositive(parameters, nameof(parameters));
        RequirePositive(tokens, nameof(tokens));
        return FlopsPerParameterPerToken * parameters * tokens;
    }

    internal static void RequirePositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive, finite number (got {value}).");
    }
}
