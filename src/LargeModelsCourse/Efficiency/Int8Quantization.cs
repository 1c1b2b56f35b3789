using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LargeModelsCourse.Efficiency;

/// <summary>
/// A tensor stored as 8-bit integers and a scale: x ≈ s·q with q = clamp(round(x / s), −127, 127) and s = max|x| / 127
/// (symmetric quantization: zero maps to zero, no offset). One scale for the whole tensor, or one per row ("per
/// channel": each output unit of a weight matrix gets its own, so one large row does not blur the others). The
/// rounding error of every entry is at most s/2. Taught in chapter 10.
/// </summary>
public sealed class Int8Tensor : IDisposable
{
    /// <summary>The largest integer used; −127…127 keeps the range symmetric (−128 is left unused).</summary>
    public const int Levels = 127;

    private Int8Tensor(Tensor values, Tensor scales, bool perChannel)
    {
        Values = values.DetachFromDisposeScope();
        Scales = scales.DetachFromDisposeScope();
        PerChannel = perChannel;
    }

    /// <summary>The integers q, int8, the shape of the original tensor.</summary>
    public Tensor Values { get; }

    /// <summary>The scales s, float32: one value (per tensor) or one per row (per channel).</summary>
    public Tensor Scales { get; }

    /// <summary>Whether each row has its own scale.</summary>
    public bool PerChannel { get; }

    /// <summary>Bytes to store it: one per integer plus four per scale.</summary>
    public long Bytes => Values.numel() + Scales.numel() * 4;

    /// <summary>Quantizes <paramref name="x"/> with one scale for every entry. Taught in chapter 10.</summary>
    public static Int8Tensor PerTensor(Tensor x)
    {
        CheckFloat(x);
        using var scope = torch.NewDisposeScope();
        var scale = ScaleFor(x.detach().abs().max().to(float32));
        return new Int8Tensor(Round(x, scale), scale, perChannel: false);
    }

    /// <summary>Quantizes a weight matrix [out, in] (or any tensor, by its first dimension) with one scale per row. Taught in chapter 10.</summary>
    public static Int8Tensor PerRow(Tensor x)
    {
        CheckFloat(x);
        if (x.dim() < 2)
            throw new ArgumentException($"Per-row (per-channel) quantization needs a matrix [out, in]; got shape [{string.Join(", ", x.shape)}]. Use PerTensor for a vector.", nameof(x));
        using var scope = torch.NewDisposeScope();
        var scale = ScaleFor(x.detach().abs().flatten(1).amax([1L]).to(float32));
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.shape[0];
        return new Int8Tensor(Round(x, scale.view(shape)), scale, perChannel: true);
    }

    /// <summary>Back to float32: s·q. Taught in chapter 10.</summary>
    public Tensor Dequantize()
    {
        if (!PerChannel) return Values.to(float32) * Scales;
        var shape = new long[Values.dim()];
        Array.Fill(shape, 1L);
        shape[0] = Values.shape[0];
        return Values.to(float32) * Scales.view(shape);
    }

    /// <summary>Frees the integers and scales.</summary>
    public void Dispose()
    {
        Values.Dispose();
        Scales.Dispose();
    }

    // An all-zero row would get scale 0 and divide by zero; any positive scale represents it exactly.
    private static Tensor ScaleFor(Tensor maxAbs) => maxAbs.clamp_min(1e-12) / Levels;

    private static Tensor Round(Tensor x, Tensor scale) => (x.detach().to(float32) / scale).round().clamp(-Levels, Levels).to(int8);

    private static void CheckFloat(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (!x.is_floating_point())
            throw new ArgumentException($"Only floating-point tensors can be quantized; this one is {x.dtype}.", nameof(x));
    }
}

/// <summary>How an <see cref="Int8Linear"/> layer computes.</summary>
public enum Int8Path
{
    /// <summary>Weight-only: the int8 weights are dequantized to float32 at every call and multiplied in float.
    /// Saves memory and bandwidth, not arithmetic.</summary>
    WeightOnly,

    /// <summary>Integer arithmetic: the input is quantized per tensor at every call (dynamic quantization), the int8 values
    /// are multiplied and summed in int32, and one float multiply per output rescales the sum.</summary>
    Integer,
}

/// <summary>
/// A linear layer y = x·Wᵀ + b whose weight matrix is stored as int8 with one scale per output unit, and whose
/// bias stays float32 (it is tiny). Made from a trained <c>nn.Linear</c> by <see cref="Int8Quantization.Quantize"/>.
/// On the integer path, the products of two int8 values are summed in int32: an int8 accumulator would overflow after
/// a handful of terms, while 784 terms of at most 127·127 fit easily in int32. Taught in chapter 10.
/// </summary>
public sealed class Int8Linear : nn.Module<Tensor, Tensor>
{
    private readonly Tensor weightInt8;
    private readonly Tensor weightScale;
    private readonly Tensor? bias;

    /// <summary>Quantizes <paramref name="linear"/>'s weights (a copy: the original layer is not changed).</summary>
    public Int8Linear(Linear linear, Int8Path path) : base(nameof(Int8Linear))
    {
        ArgumentNullException.ThrowIfNull(linear);
        Path = path;
        using var q = Int8Tensor.PerRow(linear.weight!);
        weightInt8 = q.Values.clone();
        weightScale = q.Scales.clone();
        bias = linear.bias?.detach().clone();
        // Buffers, not parameters: nothing here is trained, but they belong to the module (size, state_dict, to(device)).
        register_buffer("weight_int8", weightInt8);
        register_buffer("weight_scale", weightScale);
        if (bias is not null) register_buffer("bias", bias);
    }

    /// <summary>How the layer computes.</summary>
    public Int8Path Path { get; }

    /// <summary>Input features.</summary>
    public long InFeatures => weightInt8.shape[1];

    /// <summary>Output features.</summary>
    public long OutFeatures => weightInt8.shape[0];

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        Tensor output;
        if (Path == Int8Path.WeightOnly)
        {
            var weight = weightInt8.to(float32) * weightScale.unsqueeze(1);
            output = input.matmul(weight.t());
        }
        else
        {
            // Dynamic per-tensor quantization of the activations: one scale per call, from this batch's largest value.
            var inputScale = input.detach().abs().max().clamp_min(1e-12) / Int8Tensor.Levels;
            var inputInt = (input / inputScale).round().clamp(-Int8Tensor.Levels, Int8Tensor.Levels).to(int32);
            var sums = inputInt.matmul(weightInt8.to(int32).t());                 // int32 accumulators, exact
            output = sums.to(float32) * (inputScale * weightScale);               // back to real units
        }
        if (bias is not null) output = output + bias;
        return output.MoveToOuterDisposeScope();
    }
}

/// <summary>
/// Post-training int8 quantization of a trained model: every <c>nn.Linear</c> of a <c>nn.Sequential</c> becomes an
/// <see cref="Int8Linear"/> (per-channel symmetric weights); other layers (ReLU, …) are kept. No retraining and no
/// calibration data are needed, because the activations are quantized on the fly. Taught in chapter 10.
/// </summary>
public static class Int8Quantization
{
    /// <summary>
    /// A quantized copy of <paramref name="model"/>, a <c>nn.Sequential</c> whose children are <c>nn.Linear</c> layers and
    /// layers without weights; the original is not changed. Taught in chapter 10.
    /// </summary>
    /// <param name="model">The trained float model.</param>
    /// <param name="path">Weight-only (dequantize, float matmul) or integer (int8 × int8 summed in int32).</param>
    public static nn.Module<Tensor, Tensor> Quantize(nn.Module<Tensor, Tensor> model, Int8Path path = Int8Path.Integer)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model is not Sequential)
            throw new ArgumentException($"Quantize expects an nn.Sequential of layers; got {model.GetType().Name}. Build the model with nn.Sequential(...).", nameof(model));
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        foreach (var (name, child) in model.named_children())
        {
            layers.Add(child switch
            {
                Linear linear => (name, new Int8Linear(linear, path)),
                nn.Module<Tensor, Tensor> other when !other.parameters().Any() => (name, other),
                _ => throw new ArgumentException(
                    $"Layer '{name}' ({child.GetType().Name}) has weights but is not nn.Linear; only Linear layers can be quantized here.", nameof(model)),
            });
        }
        var quantized = nn.Sequential(layers.ToArray());
        quantized.eval();
        return quantized;
    }
}

/// <summary>
/// How much memory a model's tensors take: every parameter and buffer, counted by its element size (4 bytes for
/// float32, 2 for float16/bfloat16, 1 for int8). Taught in chapter 10.
/// </summary>
public static class ModelSize
{
    /// <summary>Bytes of all parameters and buffers of <paramref name="model"/>. Taught in chapter 10.</summary>
    public static long Bytes(nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.parameters().Sum(p => p.numel() * p.ElementSize) + model.buffers().Sum(b => b.numel() * b.ElementSize);
    }
}
