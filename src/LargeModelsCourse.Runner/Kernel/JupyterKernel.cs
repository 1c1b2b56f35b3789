using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Exercises;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Kernel.Intelligence;
using LargeModelsCourse.Runner.Kernel.Protocol;
using LargeModelsCourse.Runner.Notebooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LargeModelsCourse.Runner.Kernel;

/// <summary>
/// The course's Jupyter kernel (messaging protocol 5.3) on the runner's execution engine: one C# script
/// session whose cells share variables, as in <c>course run</c>. Shell requests are served one at a time in
/// arrival order; control requests (interrupt, shutdown) on their own loop, so they work while a cell runs.
/// </summary>
public sealed class JupyterKernel
{
    private readonly KernelTransport transport;
    private readonly KernelOutput output;
    private readonly KernelInput input;
    private readonly TextWriter log;
    private readonly string session = Guid.NewGuid().ToString("N");
    private readonly TaskCompletionSource<bool> shutdown = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ScriptSession script;
    private readonly CellExecutor executor;
    private readonly KernelWarmup warmup;
    private int executionCount;
    private DateTime solutionsStamp = DateTime.MaxValue;

    private JupyterKernel(KernelTransport transport, TextWriter log, KernelWarmup warmup)
    {
        this.transport = transport;
        this.log = log;
        this.warmup = warmup;
        output = new KernelOutput(transport, session);
        input = new KernelInput(transport, session);
        script = new ScriptSession(Environment.CurrentDirectory, BundledPackages.Shipped, "cell");
        executor = new CellExecutor(script, output.Stream);
    }

    /// <summary>
    /// Serves the connection file at <paramref name="connectionFile"/> until a shutdown_request (or the
    /// front end's process exits). Returns the process exit code.
    /// </summary>
    public static async Task<int> RunAsync(string connectionFile, TextWriter log)
    {
        // First, so the warm-up has the second core while this one starts the kernel (ready about half a second later).
        var warmup = KernelWarmup.Start(log);
        ConnectionInfo connection;
        KernelTransport transport;
        try
        {
            connection = ConnectionInfo.Load(connectionFile);
            transport = new KernelTransport(connection, log);
        }
        catch (KernelStartupException e)
        {
            log.WriteLine($"course kernel: cannot start: {e.Message}");
            return 2;
        }
        using (transport)
        {
            var kernel = new JupyterKernel(transport, log, warmup);
            var previousIn = Console.In;
            // Console output belongs to the cells for the kernel's whole life: text a cell's background
            // work prints after the cell ended still reaches the notebook, under the latest request.
            using (ConsoleRouter.Route(kernel.output.Stream))
            {
                Console.SetIn(kernel.input);
                Notebook.Sink = kernel.output;
                PlotlyOutput.ResetLibraryEmbedding();
                transport.Start();
                kernel.output.Status("starting", null);
                warmup.KernelReady();
                var shell = Task.Run(kernel.ServeShellAsync);
                var control = Task.Run(kernel.ServeControlAsync);
                using var parentWatch = ParentProcessWatch.Start(() => kernel.shutdown.TrySetResult(false), log);
                // Front ends that ignore interrupt_mode "message" send SIGINT, which would end a .NET process:
                // treat it as the interrupt it means.
                using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, signal =>
                {
                    signal.Cancel = true;
                    kernel.Interrupt();
                });
                var restart = await kernel.shutdown.Task.ConfigureAwait(false);
                kernel.output.Flush();
                try { await transport.StopAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
                catch (TimeoutException) { log.WriteLine("course kernel: the last messages could not be sent within 5 s; leaving anyway"); }
                log.WriteLine(restart ? "course kernel: shutting down for a restart" : "course kernel: shut down");
            }
            Console.SetIn(previousIn);
        }
        return 0;
    }

    private async Task ServeShellAsync()
    {
        await foreach (var request in transport.ShellRequests.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                output.BeginRequest(request);
                output.Status("busy", request);
                var failedWithStopOnError = await HandleShellAsync(request).ConfigureAwait(false);
                output.Status("idle", request);
                if (failedWithStopOnError) AbortQueuedExecutions();
            }
            catch (Exception e)
            {
                // A kernel fault must not take the student's session down with it.
                log.WriteLine($"course kernel: {request.MsgType} failed: {e}");
                output.Status("idle", request);
            }
        }
    }

    private async Task ServeControlAsync()
    {
        await foreach (var request in transport.ControlRequests.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                output.Status("busy", request);
                switch (request.MsgType)
                {
                    case "interrupt_request":
                        Interrupt();
                        Reply(KernelChannel.Control, request, "interrupt_reply", new JsonObject { ["status"] = "ok" });
                        break;
                    case "shutdown_request":
                        Shutdown(KernelChannel.Control, request);
                        break;
                    case "kernel_info_request":
                        Reply(KernelChannel.Control, request, "kernel_info_reply", KernelInfo());
                        break;
                    default:
                        log.WriteLine($"course kernel: ignored {request.MsgType} on the control channel (not supported)");
                        break;
                }
                output.Status("idle", request);
            }
            catch (Exception e)
            {
                log.WriteLine($"course kernel: {request.MsgType} failed: {e}");
            }
        }
    }

    /// <summary>Serves one shell request; true when it was an execution that failed with stop_on_error.</summary>
    private async Task<bool> HandleShellAsync(JupyterMessage request)
    {
        switch (request.MsgType)
        {
            case "execute_request":
                return await ExecuteAsync(request).ConfigureAwait(false);
            case "kernel_info_request":
                Reply(KernelChannel.Shell, request, "kernel_info_reply", KernelInfo());
                break;
            case "is_complete_request":
                Reply(KernelChannel.Shell, request, "is_complete_reply", IsComplete(JupyterMessage.Text(request.Content, "code")));
                break;
            case "complete_request":
                Reply(KernelChannel.Shell, request, "complete_reply", Complete(request));
                break;
            case "inspect_request":
                Reply(KernelChannel.Shell, request, "inspect_reply", Inspect(request));
                break;
            case "comm_info_request":
                Reply(KernelChannel.Shell, request, "comm_info_reply", new JsonObject { ["status"] = "ok", ["comms"] = new JsonObject() });
                break;
            case "history_request":
                // The kernel keeps no history across sessions; the notebook itself is the history.
                Reply(KernelChannel.Shell, request, "history_reply", new JsonObject { ["status"] = "ok", ["history"] = new JsonArray() });
                break;
            case "comm_open":
                // No widget targets exist: close the comm so the front end does not wait on it.
                transport.Send(KernelChannel.IOPub, JupyterMessage.Create("comm_close", session,
                    new JsonObject { ["comm_id"] = JupyterMessage.Text(request.Content, "comm_id"), ["data"] = new JsonObject() }, request, identities: []));
                break;
            case "comm_msg" or "comm_close":
                break;
            case "shutdown_request":
                Shutdown(KernelChannel.Shell, request);
                break;
            default:
                log.WriteLine($"course kernel: ignored {request.MsgType} on the shell channel (not supported)");
                break;
        }
        return false;
    }

    private async Task<bool> ExecuteAsync(JupyterMessage request)
    {
        var code = JupyterMessage.Text(request.Content, "code");
        var silent = request.Flag("silent", false);
        var storeHistory = !silent && request.Flag("store_history", true);
        var stopOnError = request.Flag("stop_on_error", true);
        if (storeHistory) executionCount++;
        var count = executionCount;
        output.BeginRequest(request, quiet: silent);
        input.BeginRequest(request, request.Flag("allow_stdin", false));
        output.ExecuteInput(code, count);

        RefreshSolutions();
        await warmup.BeforeCellAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        var (prepared, refusal) = KernelCellSource.ForExecution(code);
        // The kernel reports busy until an interrupted cell has really stopped, and says so when it does not.
        var run = refusal is null
            ? await executor.RunAsync(prepared, waitForStop: true, notStopped: SayCellDidNotStop).ConfigureAwait(false)
            : new CellRun(CellStatus.Failed, CellOutcome.Failure(refusal), null, false);
        output.Flush();
        if (run.Result is not null) output.Result(count, run.Result);
        var outcome = run.Outcome;
        if (outcome.Succeeded)
        {
            Reply(KernelChannel.Shell, request, "execute_reply", new JsonObject
            {
                ["status"] = "ok",
                ["execution_count"] = count,
                ["user_expressions"] = new JsonObject(),
                ["payload"] = new JsonArray(),
            });
            return false;
        }
        var error = KernelOutput.ErrorContent(outcome.Error!);
        output.Error(error);
        var reply = error.DeepClone().AsObject();
        reply["status"] = "error";
        reply["execution_count"] = count;
        Reply(KernelChannel.Shell, request, "execute_reply", reply);
        return stopOnError;
    }

    private static void SayCellDidNotStop() => Console.Error.WriteLine(
        $"The cell has not stopped {CellExecutor.StopGrace.TotalSeconds:0} s after the interrupt: it is inside a call that does not " +
        "check for interrupts (a long native operation, a Thread.Sleep, a blocking read). The kernel stays busy until it returns; " +
        "restart the kernel to stop it now (your variables are then lost).");

    /// <summary>
    /// Reads the chapter solutions beside the notebooks again when they changed: Jupyter starts the kernel in the
    /// notebook's folder, whose <c>solutions/</c> folder the exercise checks need.
    /// </summary>
    private void RefreshSolutions()
    {
        var folder = Path.Combine(Environment.CurrentDirectory, SolutionBook.FolderName);
        var stamp = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.md").Select(File.GetLastWriteTimeUtc).DefaultIfEmpty().Max()
            : DateTime.MinValue;
        if (stamp == solutionsStamp) return;
        solutionsStamp = stamp;
        try { script.Solutions = SolutionBook.ForFolder(Environment.CurrentDirectory); }
        catch (FormatException e)
        {
            script.Solutions = SolutionBook.Empty;
            Console.Error.WriteLine($"The exercise solutions could not be read, so checks cannot verify answers: {e.Message}");
        }
        Exercise.Solutions = script.Solutions;
    }

    private void Interrupt() => executor.Interrupt();

    /// <summary>After a failed cell with stop_on_error, cells queued behind it are not run (as ipykernel does).</summary>
    private void AbortQueuedExecutions()
    {
        var deferred = new List<JupyterMessage>();
        while (transport.ShellRequests.TryRead(out var queued))
        {
            if (queued.MsgType != "execute_request") { deferred.Add(queued); continue; }
            output.BeginRequest(queued);
            output.Status("busy", queued);
            Reply(KernelChannel.Shell, queued, "execute_reply", new JsonObject { ["status"] = "aborted", ["execution_count"] = executionCount });
            output.Status("idle", queued);
        }
        foreach (var other in deferred)
        {
            output.BeginRequest(other);
            output.Status("busy", other);
            _ = HandleShellAsync(other).GetAwaiter().GetResult();
            output.Status("idle", other);
        }
    }

    private void Shutdown(KernelChannel channel, JupyterMessage request)
    {
        var restart = request.Flag("restart", false);
        Interrupt();
        Reply(channel, request, "shutdown_reply", new JsonObject { ["status"] = "ok", ["restart"] = restart });
        // Restart or not, this process ends: the front end's kernel manager starts a fresh one for a
        // restart, which frees TorchSharp's native memory and any cell that would not stop.
        shutdown.TrySetResult(restart);
    }

    private void Reply(KernelChannel channel, JupyterMessage request, string msgType, JsonObject content) =>
        transport.Send(channel, JupyterMessage.Create(msgType, session, content, request));

    /// <summary>kernel_info_reply's content.</summary>
    public static JsonObject KernelInfo() => new()
    {
        ["status"] = "ok",
        ["protocol_version"] = JupyterMessage.ProtocolVersion,
        ["implementation"] = "largemodelscourse",
        ["implementation_version"] = Course.Version,
        ["language_info"] = CourseKernelSpec.LanguageInfoJson(),
        ["banner"] = $"{CourseKernelSpec.DisplayName} {Course.Version}: C# {CourseKernelSpec.LanguageInfoJson()["version"]} scripting on .NET {Environment.Version}, with TorchSharp and Plotly.NET",
        ["help_links"] = new JsonArray(),
        ["debugger"] = false,
    };

    /// <summary>is_complete_reply's content: whether Enter should run <paramref name="code"/> or add a line.</summary>
    public static JsonObject IsComplete(string code)
    {
        var (text, _) = KernelCellSource.ForAnalysis(code);
        var tree = SyntaxFactory.ParseSyntaxTree(text, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest));
        if (!SyntaxFactory.IsCompleteSubmission(tree))
        {
            var lastLine = code.Split('\n')[^1];
            var indent = lastLine[..(lastLine.Length - lastLine.TrimStart().Length)];
            if (lastLine.TrimEnd().EndsWith('{')) indent += "    ";
            return new JsonObject { ["status"] = "incomplete", ["indent"] = indent };
        }
        var invalid = tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error);
        return new JsonObject { ["status"] = invalid ? "invalid" : "complete" };
    }

    private JsonObject Complete(JupyterMessage request)
    {
        var code = JupyterMessage.Text(request.Content, "code");
        var cursor = CodePoints.ToUtf16(code, request.Number("cursor_pos", CodePoints.Count(code)));
        var result = CodeCompletion.Complete(script, code, cursor);
        var start = CodePoints.FromUtf16(code, result.Start);
        var end = CodePoints.FromUtf16(code, result.End);
        return new JsonObject
        {
            ["status"] = "ok",
            ["matches"] = new JsonArray(result.Matches.Select(m => (JsonNode?)JsonValue.Create(m.Text)).ToArray()),
            ["cursor_start"] = start,
            ["cursor_end"] = end,
            ["metadata"] = new JsonObject
            {
                // JupyterLab and VS Code read this (still named experimental) for the icons in the completion list.
                ["_jupyter_types_experimental"] = new JsonArray(result.Matches.Select(m => (JsonNode?)new JsonObject
                {
                    ["start"] = start,
                    ["end"] = end,
                    ["text"] = m.Text,
                    ["type"] = m.Type,
                }).ToArray()),
            },
        };
    }

    private JsonObject Inspect(JupyterMessage request)
    {
        var code = JupyterMessage.Text(request.Content, "code");
        var cursor = CodePoints.ToUtf16(code, request.Number("cursor_pos", CodePoints.Count(code)));
        var text = SymbolInspector.Inspect(script, code, cursor, request.Number("detail_level", 0));
        return new JsonObject
        {
            ["status"] = "ok",
            ["found"] = text is not null,
            ["data"] = text is null ? new JsonObject() : new JsonObject { ["text/plain"] = text },
            ["metadata"] = new JsonObject(),
        };
    }
}
