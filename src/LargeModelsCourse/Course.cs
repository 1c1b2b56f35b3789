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

    private static readonly int DefaultThreads = torch.get_num_threads();

    /// <summary>The seed every notebook starts from unless it says otherwise.</summary>
    public const int DefaultSeed = 0;

    /// <summary>
    /// Seeds TorchSharp's and .NET's generators so every run gives the same numbers, and returns a
    /// one-line description of the set-up (library, TorchSharp and libtorch versions, threads, device).
    /// </summary>
    public static SetupInfo Setup(int seed = DefaultSeed)
    {
        // A chapter may change the thread count for a section; the next chapter in the same process starts afresh.
        torch.set_num_threads(DefaultThreads);
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
        $"LargeModelsCourse {Library} · TorchSharp {TorchSharp} (libtorch {LibTorch}) · {Threads} threads · {Device} · seed {Seed}";
}
