using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Kernel;
using LargeModelsCourse.Runner.Kernel.Client;
using LargeModelsCourse.Runner.Kernel.Protocol;
using Xunit;

namespace LargeModelsCourse.Tests.Kernel;

/// <summary>A flood of refused messages is logged in a bounded way: a burst in full, then a count.</summary>
public sealed class RefusalLogTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void A_burst_is_written_then_refusals_are_counted_and_summed_up_after_the_window()
    {
        var clock = new ManualClock();
        using var writer = new StringWriter();
        var log = new RefusalLog(writer, clock);
        for (var i = 0; i < 1000; i++) log.Refused($"refused {i}");
        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(RefusalLog.Burst + 1, lines.Length);
        Assert.Equal("refused 0", lines[0]);
        Assert.Contains("further refusals are counted", lines[^1], StringComparison.Ordinal);

        clock.Now += RefusalLog.Window;
        log.Refused("refused after the minute");
        var after = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)[(RefusalLog.Burst + 1)..];
        Assert.Equal(["course kernel: 990 more refused message(s) were not logged.", "refused after the minute"], after);
    }

    [Fact]
    public void A_real_kernel_flooded_with_forged_messages_logs_a_bounded_number_of_lines_and_still_answers()
    {
        using var spec = new TemporaryKernelspec();
        using var kernel = KernelProcess.Start(spec.KernelJson, spec.Prefix);
        using var client = new KernelClient(kernel.Connection);
        var ready = client.Send(KernelChannel.Shell, "kernel_info_request");
        Assert.NotNull(client.WaitForReply(KernelChannel.Shell, ready, TimeSpan.FromSeconds(120)));

        var forger = new MessageSigner("not the key");
        for (var i = 0; i < 500; i++)
        {
            var forged = new JupyterMessage(JupyterMessage.NewHeader("kernel_info_request", client.Session), [], [], new JsonObject());
            client.SendFrames(KernelChannel.Shell, forged.Encode(forger));
        }
        var request = client.Send(KernelChannel.Shell, "kernel_info_request");
        Assert.NotNull(client.WaitForReply(KernelChannel.Shell, request, TimeSpan.FromSeconds(60)));

        // The kernel's log arrives through a pipe; give it a moment.
        for (var i = 0; i < 100 && !kernel.Output.Contains("further refusals", StringComparison.Ordinal); i++) Thread.Sleep(100);
        var refusals = kernel.Output.Split('\n').Count(l => l.Contains("refused a message", StringComparison.Ordinal));
        Assert.Equal(RefusalLog.Burst, refusals);
        Assert.Contains("further refusals are counted, not logged", kernel.Output, StringComparison.Ordinal);
        using (var bye = new KernelClient(kernel.Connection))
            bye.Send(KernelChannel.Control, "shutdown_request", new JsonObject { ["restart"] = false });
        kernel.WaitForExit(TimeSpan.FromSeconds(20));
    }
}
