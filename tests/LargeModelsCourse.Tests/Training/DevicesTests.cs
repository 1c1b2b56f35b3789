using LargeModelsCourse.Training;
using TorchSharp;

namespace LargeModelsCourse.Tests.Training;

/// <summary>How the course picks its device, for every combination of build, GPU and COURSE_DEVICE (no GPU needed).</summary>
public sealed class DevicesTests
{
    private static Func<bool> Cuda(bool available) => () => available;

    private static Func<bool> MustNotAsk => () => throw new InvalidOperationException("a CPU-only build must not load CUDA to ask");

    [Fact]
    public void A_cpu_build_trains_on_the_cpu_without_asking_for_cuda()
    {
        var selection = Devices.Choose(null, "TorchSharp-cpu", MustNotAsk);
        Assert.Equal(DeviceType.CPU, selection.Device);
        Assert.Contains("built with TorchSharp-cpu (CPU only)", selection.Reason, StringComparison.Ordinal);
        Assert.Contains("-p:TorchDevice=cuda", selection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cuda_build_with_a_gpu_trains_on_the_gpu()
    {
        var selection = Devices.Choose(null, "TorchSharp-cuda-linux", Cuda(true));
        Assert.Equal(DeviceType.CUDA, selection.Device);
        Assert.True(selection.CudaAvailable);
        Assert.Contains("torch.cuda.is_available() is true", selection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cuda_build_without_a_gpu_falls_back_to_the_cpu_and_says_why()
    {
        var selection = Devices.Choose("", "TorchSharp-cuda-windows", Cuda(false));
        Assert.Equal(DeviceType.CPU, selection.Device);
        Assert.Contains("torch.cuda.is_available() is false", selection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void COURSE_DEVICE_cpu_forces_the_cpu_even_with_a_gpu()
    {
        var selection = Devices.Choose("CPU", "TorchSharp-cuda-linux", Cuda(true));
        Assert.Equal(DeviceType.CPU, selection.Device);
        Assert.Contains("COURSE_DEVICE=cpu", selection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void COURSE_DEVICE_cuda_where_there_is_none_is_a_clear_error()
    {
        var cpuBuild = Assert.Throws<InvalidOperationException>(() => Devices.Choose("cuda", "TorchSharp-cpu", MustNotAsk));
        Assert.Contains("rebuild with `dotnet build -c Release -p:TorchDevice=cuda`", cpuBuild.Message, StringComparison.Ordinal);
        var noGpu = Assert.Throws<InvalidOperationException>(() => Devices.Choose("cuda", "TorchSharp-cuda-linux", Cuda(false)));
        Assert.Contains("nvidia-smi", noGpu.Message, StringComparison.Ordinal);
        Assert.Equal(DeviceType.CUDA, Devices.Choose("cuda", "TorchSharp-cuda-linux", Cuda(true)).Device);
        var unknown = Assert.Throws<InvalidOperationException>(() => Devices.Choose("rocm", "TorchSharp-cpu", MustNotAsk));
        Assert.Contains("use cpu or cuda", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void This_build_carries_TorchSharp_cpu_and_trains_on_the_cpu()
    {
        Assert.Equal("TorchSharp-cpu", Devices.TorchPackage);
        Assert.Equal(DeviceType.CPU, Devices.Selection.Device);
        Assert.Equal(DeviceType.CPU, Devices.Default.type);
    }
}
