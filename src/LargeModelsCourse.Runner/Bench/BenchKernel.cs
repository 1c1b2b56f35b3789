using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Kernel.Client;
using LargeModelsCourse.Runner.Kernel.Install;
using LargeModelsCourse.Runner.Kernel.Protocol;

namespace LargeModelsCourse.Runner.Bench;

/// <summary>
/// The course kernel as the kernel benchmarks start it, the way a front end does: a kernelspec in a temporary prefix
/// (deleted on dispose), then one kernel process per <see cref="Start"/>, and cells executed through Jupyter's protocol.
/// </summary>
internal sealed class BenchKernel : IDisposable
{
    private readonly string prefix = Directory.CreateTempSubdirectory("course-bench-kernel-").FullName;
    private readonly string kernelJson;

    public BenchKernel() =>
        kernelJson = Path.Combine(KernelSpec.Install(JupyterPaths.PrefixKernelDirectory(prefix), KernelSpec.CourseCommand()), KernelSpec.FileName);

    /// <summary>Starts a kernel in <paramref name="folder"/> and waits until it answers.</summary>
    /// <exception cref="InvalidOperationException">It did not answer within 2 minutes (the message shows its output).</exception>
    public (KernelProcess Kernel, KernelClient Client) Start(string folder)
    {
        var kernel = KernelProcess.Start(kernelJson, folder);
        var client = new KernelClient(kernel.Connection);
        if (client.WaitForReady(TimeSpan.FromMinutes(2))) return (kernel, client);
        var output = kernel.Output;
        client.Dispose();
        kernel.Dispose();
        throw new InvalidOperationException("the course kernel did not answer within 2 minutes; its output:\n" + output);
    }

    /// <summary>Executes <paramref name="code"/> and returns its iopub messages up to idle.</summary>
    /// <exception cref="InvalidOperationException">The cell failed or did not finish in time; the message names <paramref name="what"/>.</exception>
    public static List<JupyterMessage> Execute(KernelClient client, string code, string what, TimeSpan timeout)
    {
        var request = client.Send(KernelChannel.Shell, "execute_request", new JsonObject
        {
            ["code"] = code,
            ["silent"] = false,
            ["store_history"] = true,
            ["user_expressions"] = new JsonObject(),
            ["allow_stdin"] = false,
            ["stop_on_error"] = true,
        });
        var messages = client.CollectOutputs(request, timeout);
        if (messages.FirstOrDefault(m => m.MsgType == "error") is { } error)
            throw new InvalidOperationException($"{what} failed: {JupyterMessage.Text(error.Content, "ename")}: {JupyterMessage.Text(error.Content, "evalue")}");
        if (messages.Count == 0 || messages[^1].MsgType != "status")
            throw new InvalidOperationException($"{what} did not finish within {timeout.TotalMinutes} minutes");
        return messages;
    }

    public void Dispose()
    {
        try { Directory.Delete(prefix, recursive: true); }
        catch (IOException) { }
    }
}
