using LargeModelsCourse.Runner.Kernel;

namespace LargeModelsCourse.Tests.Kernel;

/// <summary>
/// The kernel's warm-up runs the setup, tensor and chart path, in compiled code and in its own script session. Its cells name library types,
/// so a renamed namespace or method would silently turn it into a no-op: this test runs it and reads its log.
/// </summary>
public sealed class KernelWarmupTests
{
    [Fact]
    public async Task The_warm_up_cells_compile_and_run_against_the_shipped_packages()
    {
        var log = new StringWriter();
        await KernelWarmup.Start(log);
        Assert.Contains("course kernel: warmed up the libraries in", log.ToString(), StringComparison.Ordinal);
        Assert.Contains("course kernel: warmed up the script engine in", log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("failed", log.ToString(), StringComparison.Ordinal);
    }
}
