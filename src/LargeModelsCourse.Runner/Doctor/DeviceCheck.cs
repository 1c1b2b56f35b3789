using LargeModelsCourse.Training;

namespace LargeModelsCourse.Runner.Doctor;

/// <summary>Reports the device training uses and why: the TorchSharp package built in, CUDA's availability, COURSE_DEVICE.</summary>
public static class DeviceCheck
{
    /// <summary>Asks <see cref="Devices"/> for its choice; a COURSE_DEVICE it cannot honour is a failure with the fix.</summary>
    public static CheckResult Run()
    {
        try
        {
            var selection = Devices.Selection;
            var device = selection.Device == TorchSharp.DeviceType.CUDA ? "the GPU (CUDA)" : "the CPU";
            var finding = $"training runs on {device}: {selection.Reason}";
            // A CUDA build that finds no GPU still works (on the CPU), but the student built it for a GPU.
            return selection.TorchPackage.Contains("cuda", StringComparison.OrdinalIgnoreCase) && !selection.CudaAvailable
                ? new CheckResult("device", CheckState.Warning, finding, "Check the NVIDIA driver with nvidia-smi, or rebuild with -p:TorchDevice=cpu (environment.md, \"A GPU\").")
                : new CheckResult("device", CheckState.Ok, finding);
        }
        catch (InvalidOperationException e)
        {
            return new CheckResult("device", CheckState.Failed, e.Message, "Unset COURSE_DEVICE to let the course choose, or set it to cpu.");
        }
    }
}
