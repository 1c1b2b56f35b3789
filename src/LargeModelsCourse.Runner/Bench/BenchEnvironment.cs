using System.Reflection;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using LargeModelsCourse.Runner.Hosting;
using LargeModelsCourse.Training;
using TorchSharp;

namespace LargeModelsCourse.Runner.Bench;

/// <summary>
/// The first JSON line of a benchmark: everything that changes TorchSharp's speed on a machine, so two
/// runs (or a run and the PyTorch reference's <c>env</c> line) can be compared knowingly.
/// </summary>
internal static class BenchEnvironment
{
    /// <summary>The environment record.</summary>
    public static JsonObject Describe(IEnumerable<string> argv, BenchSettings settings) => new()
    {
        ["bench"] = "env",
        ["tool"] = "course bench",
        ["argv"] = new JsonArray(argv.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
        ["course"] = Course.Version,
        ["torchsharp"] = typeof(torch).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
                         ?? typeof(torch).Assembly.GetName().Version?.ToString(),
        ["libtorch"] = torch.__version__,
        ["dotnet"] = RuntimeInformation.FrameworkDescription,
        ["os"] = RuntimeInformation.OSDescription,
        ["cpu"] = CpuModel(),
        ["cpu_count"] = Environment.ProcessorCount,
        ["threads"] = torch.get_num_threads(),
        ["interop_threads"] = torch.get_num_interop_threads(),
        ["device"] = Devices.Default.ToString(),
        ["GLIBC_TUNABLES"] = Environment.GetEnvironmentVariable("GLIBC_TUNABLES"),
        ["malloc_tuned"] = MallocTuning.Active,
        ["COURSE_MALLOC"] = Environment.GetEnvironmentVariable("COURSE_MALLOC"),
        ["OMP_NUM_THREADS"] = Environment.GetEnvironmentVariable("OMP_NUM_THREADS"),
        ["MKL_NUM_THREADS"] = Environment.GetEnvironmentVariable("MKL_NUM_THREADS"),
        // libtorch's CPU build runs its intra-op threads on OpenMP, whose idle threads spin before sleeping.
        ["OMP_WAIT_POLICY"] = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY"),
        ["GOMP_SPINCOUNT"] = Environment.GetEnvironmentVariable("GOMP_SPINCOUNT"),
        ["server_gc"] = GCSettings.IsServerGC,
        ["gc_latency_mode"] = GCSettings.LatencyMode.ToString(),
        ["load_avg_at_start"] = LoadAverage(),
        ["quick"] = settings.Quick,
        ["seed"] = settings.Seed,
        ["repeats"] = settings.Repeats,
        ["warmup_steps"] = settings.WarmupSteps,
        ["loops"] = new JsonArray(settings.Loops.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        ["trainer_progress"] = settings.Progress,
    };

    private static string? CpuModel()
    {
        try
        {
            return File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : RuntimeInformation.ProcessArchitecture.ToString();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static double? LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg")
                ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
