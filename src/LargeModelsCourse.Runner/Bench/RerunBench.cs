using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Kernel.Client;
using LargeModelsCourse.Runner.Notebooks;
using Spectre.Console;

namespace LargeModelsCourse.Runner.Bench;

/// <summary>
/// <c>course bench --rerun</c>: what a student's hour in one kernel costs. Starts the course kernel the way a front
/// end does, runs a chapter up to its training cell, then runs that cell again and again, and after each run reports
/// its seconds (execute_request to idle) and the kernel's memory: resident set, and what is really in use after a
/// full collection (the managed heap, and malloc's bytes in use, which hold libtorch's tensors). A re-run that left
/// something behind shows as in-use memory growing run after run; the resident set also counts free memory the
/// allocators keep for reuse.
/// </summary>
public sealed class RerunBench(TextWriter json, IAnsiConsole terminal)
{
    private static readonly TimeSpan CellTimeout = TimeSpan.FromMinutes(15);

    /// <summary>
    /// The probe the bench defines in the kernel: a full collection, then the managed heap and glibc's mallinfo2
    /// (bytes handed out by malloc and by mmap). Its names start with CourseBench, which no chapter uses.
    /// </summary>
    internal const string ProbeDefinition = """
        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        struct CourseBenchMallInfo2 { public nuint Arena, Ordblks, Smblks, Hblks, Hblkhd, Usmblks, Fsmblks, Uordblks, Fordblks, Keepcost; }
        static class CourseBenchProbe
        {
            [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "mallinfo2")] static extern CourseBenchMallInfo2 Info();
            public static string Measure()
            {
                GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect();
                var m = Info();
                return FormattableString.Invariant($"{GC.GetTotalMemory(false)} {(long)(m.Uordblks + m.Hblkhd)}");
            }
        }
        """;

    /// <summary>One run of the cell: its seconds and the kernel's memory just after it.</summary>
    public sealed record Run(int Number, double Seconds, double ResidentMb, double ManagedMb, double NativeInUseMb);

    /// <summary>Every run so far; run 0 is the state before the cell first ran.</summary>
    public List<Run> Runs { get; } = [];

    /// <summary>The default cell: the first that trains through the course's trainer.</summary>
    public static int DefaultCell(NotebookDocument notebook)
    {
        var code = notebook.Cells.Where(c => c.IsCSharp).ToList();
        var index = code.FindIndex(c => c.Source.Contains(".Fit(", StringComparison.Ordinal));
        return index < 0 ? throw new InvalidOperationException($"{notebook.Path} has no cell that calls .Fit(: pass the cell to re-run with --cell") : index + 1;
    }

    /// <summary>Runs code cells 1 … <paramref name="cell"/>−1 once, then cell <paramref name="cell"/> <paramref name="repeats"/> times.</summary>
    /// <exception cref="InvalidOperationException">The kernel did not start, the probe could not run, or a cell failed.</exception>
    public void Measure(string notebookPath, int cell, int repeats, CancellationToken cancellation)
    {
        var notebook = NotebookDocument.Load(notebookPath);
        var cells = notebook.Cells.Where(c => c.IsCSharp).Select(c => c.Source).ToList();
        if (cell < 1 || cell > cells.Count)
            throw new InvalidOperationException($"{notebookPath} has {cells.Count} code cells; --cell {cell} is not one of them");
        using var kernels = new BenchKernel();
        var (kernel, client) = kernels.Start(Path.GetDirectoryName(Path.GetFullPath(notebookPath))!);
        using (kernel)
        using (client)
        {
            for (var i = 0; i < cell - 1; i++)
            {
                cancellation.ThrowIfCancellationRequested();
                Execute(client, cells[i], $"cell {i + 1}");
            }
            Execute(client, ProbeDefinition, "the memory probe");
            Record(0, 0, kernel, client);
            for (var run = 1; run <= repeats; run++)
            {
                cancellation.ThrowIfCancellationRequested();
                var clock = Stopwatch.StartNew();
                Execute(client, cells[cell - 1], $"cell {cell} (run {run})");
                Record(run, clock.Elapsed.TotalSeconds, kernel, client);
            }
        }

        void Record(int number, double seconds, KernelProcess kernel, KernelClient client)
        {
            // The kernelspec sets the malloc tuning, so the kernel does not re-execute itself: this process is the kernel.
            kernel.Process.Refresh();
            var resident = kernel.Process.WorkingSet64 / 1e6;
            var measured = Execute(client, "CourseBenchProbe.Measure()", "the memory probe");
            var parts = measured.Trim('"').Split(' ');
            var run = new Run(number, seconds, resident, long.Parse(parts[0], CultureInfo.InvariantCulture) / 1e6, long.Parse(parts[1], CultureInfo.InvariantCulture) / 1e6);
            Runs.Add(run);
            json.WriteLine(new JsonObject
            {
                ["bench"] = "kernel_rerun",
                ["notebook"] = Path.GetFileName(notebookPath),
                ["cell"] = cell,
                ["run"] = number,
                ["seconds"] = Math.Round(run.Seconds, 2),
                ["resident_mb"] = Math.Round(run.ResidentMb),
                ["managed_mb"] = Math.Round(run.ManagedMb, 1),
                ["native_in_use_mb"] = Math.Round(run.NativeInUseMb, 1),
            }.ToJsonString());
            terminal.MarkupLine(number == 0
                ? $"[grey]before the cell: resident {run.ResidentMb:0} MB, managed {run.ManagedMb:0.0} MB, native in use {run.NativeInUseMb:0.0} MB[/]"
                : $"[grey]run {number}: {run.Seconds:0.0} s, resident {run.ResidentMb:0} MB, managed {run.ManagedMb:0.0} MB, native in use {run.NativeInUseMb:0.0} MB[/]");
        }
    }

    /// <summary>Executes <paramref name="code"/>; returns its text/plain result ("" when it has none).</summary>
    internal static string Execute(KernelClient client, string code, string what) =>
        BenchKernel.Execute(client, code, what, CellTimeout).Where(m => m.MsgType == "execute_result")
            .Select(m => m.Content["data"]?["text/plain"]?.GetValue<string>())
            .LastOrDefault() ?? "";

    /// <summary>The runs as a table on the terminal, each against the first run.</summary>
    public void WriteTable()
    {
        var first = Runs.FirstOrDefault(r => r.Number == 1);
        var table = new Spectre.Console.Table().AddColumns("run", "seconds", "resident", "managed (after a full GC)", "native in use");
        foreach (var run in Runs)
        {
            table.AddRow(run.Number == 0 ? "before" : run.Number.ToString(CultureInfo.InvariantCulture),
                run.Number == 0 ? "" : $"{run.Seconds:0.0} s" + Versus(run.Seconds, first?.Seconds),
                $"{run.ResidentMb:0} MB", $"{run.ManagedMb:0.0} MB", $"{run.NativeInUseMb:0.0} MB" + Delta(run.NativeInUseMb, first?.NativeInUseMb));
        }
        terminal.Write(table);
        terminal.MarkupLine("[grey]Each run from execute_request to idle, through Jupyter's protocol; memory just after it.[/]");
    }

    private static string Versus(double value, double? first) =>
        first is { } f && f > 0 ? $" ({(value / f - 1) * 100:+0;-0;0} %)" : "";

    private static string Delta(double value, double? first) =>
        first is { } f ? $" ({value - f:+0.0;-0.0;0.0})" : "";
}
