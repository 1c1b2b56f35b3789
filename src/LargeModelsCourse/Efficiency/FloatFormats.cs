using TorchSharp;
using static TorchSharp.torch;

namespace LargeModelsCourse.Efficiency;

/// <summary>
/// A floating-point format's limits, read from libtorch (<c>torch.finfo</c>) and checked against its bit layout:
/// a value is ±1.m × 2^e, with <see cref="MantissaBits"/> bits of m and an exponent range that fixes the largest
/// and smallest numbers. Taught in chapter 10 (mixed precision).
/// </summary>
/// <param name="Name">"float32", "float16" or "bfloat16".</param>
/// <param name="Type">The TorchSharp dtype.</param>
/// <param name="Bits">Bits per number.</param>
/// <param name="MantissaBits">Stored fraction bits (23, 10, 7).</param>
/// <param name="Epsilon">Machine epsilon 2^−mantissa: the gap between 1 and the next number, so the relative rounding error is at most ε/2.</param>
/// <param name="Max">The largest finite number; anything larger becomes infinity.</param>
/// <param name="SmallestNormal">The smallest number with full precision.</param>
/// <param name="SmallestSubnormal">The smallest number above zero (with fewer significant bits); half of it and less round to 0.</param>
public sealed record FloatFormat(string Name, ScalarType Type, int Bits, int MantissaBits, double Epsilon, double Max, double SmallestNormal, double SmallestSubnormal)
{
    /// <summary>IEEE 754 single precision: 1 sign, 8 exponent, 23 fraction bits. Taught in chapter 10.</summary>
    public static FloatFormat Float32 { get; } = Of(ScalarType.Float32);

    /// <summary>IEEE 754 half precision: 1 sign, 5 exponent, 10 fraction bits. Taught in chapter 10.</summary>
    public static FloatFormat Float16 { get; } = Of(ScalarType.Float16);

    /// <summary>Google Brain's bfloat16: float32's 8 exponent bits with only 7 fraction bits. Taught in chapter 10.</summary>
    public static FloatFormat BFloat16 { get; } = Of(ScalarType.BFloat16);

    /// <summary>The three formats of mixed-precision training.</summary>
    public static IReadOnlyList<FloatFormat> All { get; } = [Float32, Float16, BFloat16];

    /// <summary>The limits of <paramref name="type"/> (float32, float16 or bfloat16). Taught in chapter 10.</summary>
    public static FloatFormat Of(ScalarType type)
    {
        var (name, bits, mantissa) = type switch
        {
            ScalarType.Float32 => ("float32", 32, 23),
            ScalarType.Float16 => ("float16", 16, 10),
            ScalarType.BFloat16 => ("bfloat16", 16, 7),
            _ => throw new ArgumentException($"FloatFormat describes float32, float16 and bfloat16; got {type}.", nameof(type)),
        };
        var info = torch.finfo(type);
        // The smallest subnormal has only the last fraction bit set: the smallest normal times 2^−mantissa.
        return new FloatFormat(name, type, bits, mantissa, info.eps, info.max, info.tiny, info.tiny * Math.Pow(2, -mantissa));
    }

    /// <summary>Each value rounded to this format and read back as a double (what storing it would keep). Taught in chapter 10.</summary>
    public double[] Round(params double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var scope = torch.NewDisposeScope();
        return torch.tensor(values, float64).to(Type).to(float64).data<double>().ToArray();
    }

    /// <summary>
    /// What storing <paramref name="values"/> (e.g. gradients) in this format after multiplying them by
    /// <paramref name="scale"/> keeps: the fraction that became 0 although it was not (underflow), the fraction that
    /// became infinite (overflow), and the largest relative error of the rest after dividing the scale back out.
    /// This is the arithmetic of loss scaling (Micikevicius et al. 2018). Taught in chapter 10.
    /// </summary>
    public (double Underflow, double Overflow, double MaxRelativeError) Cast(Tensor values, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (!(scale > 0) || double.IsInfinity(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "The loss scale must be a positive finite number.");
        using var scope = torch.NewDisposeScope();
        var exact = values.detach().to(float64).flatten() * scale;
        var stored = exact.to(Type).to(float64);
        var nonZero = exact.ne(0);
        var count = (double)Math.Max(1L, nonZero.sum().item<long>());
        var underflow = nonZero.logical_and(stored.eq(0)).sum().item<long>() / count;
        var overflow = stored.isinf().sum().item<long>() / count;
        var kept = nonZero.logical_and(stored.ne(0)).logical_and(stored.isfinite());
        var relative = ((stored - exact).abs() / exact.abs()).masked_fill(kept.logical_not(), 0);
        return (underflow, overflow, relative.numel() == 0 ? 0 : relative.max().item<double>());
    }
}
