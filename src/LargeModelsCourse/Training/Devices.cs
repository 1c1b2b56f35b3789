using System.Reflection;
using TorchSharp;

namespace LargeModelsCourse.Training;

/// <summary>
/// The one place the course picks a device: the CPU by default, CUDA when the course was built with a
/// TorchSharp CUDA package (<c>dotnet build -p:TorchDevice=cuda</c>, see environment.md) and a GPU is present.
/// Chapters never name a device themselves, so a student who outgrows a laptop changes a build switch, not
/// the chapters. <c>COURSE_DEVICE=cpu</c> forces the CPU; <c>COURSE_DEVICE=cuda</c> insists on the GPU.
/// </summary>
public static class Devices
{
    /// <summary>The TorchSharp package this build of the course uses (TorchSharp-cpu unless built with <c>-p:TorchDevice=cuda</c>).</summary>
    public static string TorchPackage { get; } =
        typeof(Devices).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == "TorchPackage")?.Value ?? "TorchSharp-cpu";

    private static readonly Lazy<DeviceSelection> Picked = new(() =>
        Choose(Environment.GetEnvironmentVariable("COURSE_DEVICE"), TorchPackage, torch.cuda.is_available));

    /// <summary>The device models and batches go to.</summary>
    public static torch.Device Default => Picked.Value.Device == DeviceType.CUDA ? torch.CUDA : torch.CPU;

    /// <summary>The device in use and why (what <c>course doctor</c> reports).</summary>
    public static DeviceSelection Selection => Picked.Value;

    /// <summary>
    /// The choice, from the <c>COURSE_DEVICE</c> setting, the TorchSharp package built in and whether CUDA works
    /// (asked only when it matters: a CPU-only build never loads CUDA).
    /// </summary>
    /// <exception cref="InvalidOperationException">COURSE_DEVICE is not cpu or cuda, or asks for CUDA where there is none.</exception>
    public static DeviceSelection Choose(string? courseDevice, string torchPackage, Func<bool> cudaAvailable)
    {
        var wanted = courseDevice?.Trim().ToLowerInvariant() ?? "";
        var cudaBuild = torchPackage.Contains("cuda", StringComparison.OrdinalIgnoreCase);
        switch (wanted)
        {
            case "cpu":
                return new(DeviceType.CPU, torchPackage, false, "COURSE_DEVICE=cpu forces the CPU");
            case "" or "cuda":
                break;
            default:
                throw new InvalidOperationException($"COURSE_DEVICE={courseDevice} is not a device the course knows: use cpu or cuda, or unset it to let the course choose.");
        }
        if (!cudaBuild)
        {
            if (wanted == "cuda")
                throw new InvalidOperationException($"COURSE_DEVICE=cuda, but the course was built with {torchPackage}, which has no CUDA: rebuild with `dotnet build -c Release -p:TorchDevice=cuda` (environment.md, \"A GPU\").");
            return new(DeviceType.CPU, torchPackage, false, $"built with {torchPackage} (CPU only); `-p:TorchDevice=cuda` builds with CUDA");
        }
        var available = cudaAvailable();
        if (available) return new(DeviceType.CUDA, torchPackage, true, $"built with {torchPackage} and torch.cuda.is_available() is true");
        if (wanted == "cuda")
            throw new InvalidOperationException($"COURSE_DEVICE=cuda, but torch.cuda.is_available() is false although the course was built with {torchPackage}: check the NVIDIA driver (nvidia-smi), or unset COURSE_DEVICE to train on the CPU.");
        return new(DeviceType.CPU, torchPackage, false, $"built with {torchPackage}, but torch.cuda.is_available() is false (no NVIDIA GPU or driver found), so the CPU");
    }
}

/// <summary>The device the course trains on, the TorchSharp package built in, whether CUDA works, and why.</summary>
public sealed record DeviceSelection(DeviceType Device, string TorchPackage, bool CudaAvailable, string Reason);
