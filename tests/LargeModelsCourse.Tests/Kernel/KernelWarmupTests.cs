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
        var text = new StringWriter();
        var log = TextWriter.Synchronized(text); // both warm-ups log, each from its own thread
        var warmup = KernelWarmup.Start(log);
        // A first cell that arrives before the script engine is warm waits for its first warm-up cell; later ones never wait.
        await warmup.BeforeCellAsync(TimeSpan.FromMinutes(2));
        Assert.True(warmup.FirstCellWarm);
        Assert.True(warmup.BeforeCellAsync(TimeSpan.FromMinutes(2)).IsCompleted);
        warmup.KernelReady();
        await warmup.Completion;
        Assert.Contains("course kernel: warmed up the libraries in", text.ToString(), StringComparison.Ordinal);
        Assert.Contains("course kernel: warmed up the script engine in", text.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("failed", text.ToString(), StringComparison.Ordinal);
    }
}
