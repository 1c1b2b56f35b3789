using LargeModelsCourse.Display;
using TorchSharp;

namespace LargeModelsCourse;

/// <summary>
/// What the first cell of every notebook calls: fixes the seeds and reports what the notebook runs on,
/// so a student can compare their numbers with the book's.
/// </summary>
public static class Course
{
    /// <summary>The library's version, the one the notebooks' setup cell names.</summary>
    public static string Version { get; } =
        typeof(Course).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    // libtorch's own choice is one intra-op thread per core. A notebook host then has no core left for its own threads
    // (the JIT, the garbage collector, the kernel's sockets, the live training board), and whenever one of them runs, a
    // libtorch thread is descheduled and the other waits for it at the end of every tensor operation. On a 2-core
    // machine, in one sitting with `course run`: chapter 06 took 33.7 s with 2 threads and 16.3 s with 1, chapter 07
    // 94.5 s and 69.3 s, chapter 13 152 s both ways. So the course leaves one core free; OMP_NUM_THREADS, when set, wins.
    // Lazy: asking libtorch loads its native library (a quarter of a second), which reading Version must not do.
    private static readonly Lazy<int> DefaultThreads = new(() => Environment.GetEnvironmentVariable("OMP_NUM_THREADS") is { Length: > 0 }
        ? torch.get_num_threads()
        : Math.Max(1, torch.get_num_threads() - 1));

    /// <summary>The intra-op threads <see cref="Setup"/> gives libtorch: one per core but one, or <c>OMP_NUM_THREADS</c> when set.</summary>
    public static int Threads => DefaultThreads.Value;

    /// <summary>The seed every notebook starts from unless it says otherwise.</summary>
    public const int DefaultSeed = 0;

    /// <summary>
    /// Seeds TorchSharp's and .NET's generators so every run gives the same numbers, and returns a
    /// one-line description of the set-up (library, TorchSharp and libtorch versions, threads, device).
    /// </summary>
    public static SetupInfo Setup(int seed = DefaultSeed)
    {
        // A chapter may change the thread count for a section; the next chapter in the same process starts afresh.
        torch.set_num_threads(DefaultThreads.Value);
        Seed(seed);
        return new SetupInfo(Version, typeof(torch).Assembly.GetName().Version?.ToString(3) ?? "?",
            torch.__version__, torch.get_num_threads(), Training.Devices.Default.ToString(), seed);
    }

    /// <summary>Seeds TorchSharp's global generator (CPU and, when present, CUDA).</summary>
    public static void Seed(int seed)
    {
        torch.manual_seed(seed);
        if (torch.cuda.is_available()) torch.cuda.manual_seed_all(seed);
    }
}

/// <summary>What <see cref="Course.Setup"/> found.</summary>
public sealed record SetupInfo(string Library, string TorchSharp, string LibTorch, int Threads, string Device, int Seed) : IMimeRenderable
{
    /// <inheritdoc/>
    public MimeBundle ToMimeBundle() => Formatting.Text(ToString());

    /// <inheritdoc/>
    public override string ToString() =>
        $"LargeModelsCourse {Library} · TorchSharp {TorchSharp} (libtorch {LibTorch}) · {Threads} {(Threads == 1 ? "thread" : "threads")} · {Device} · seed {Seed}";
}
