using LargeModelsCourse.Data;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Data;

/// <summary>Where the tests' real datasets are, and manifest entries adapted for tests.</summary>
public static class TestData
{
    /// <summary>The verified MNIST mirror beside the checkout (shared/datasets/mnist).</summary>
    public static string MirrorRoot => Path.Combine(Repo.Shared, "datasets");

    public const string FashionSystemFolder = "/usr/share/datasets/fashion-mnist";

    public static DatasetEntry Mnist => DatasetManifest.Course["mnist"];

    /// <summary>A locator that searches only the given places and never downloads.</summary>
    public static DataLocator Offline(string cacheRoot, string? courseData = null, params string[] mirrors) =>
        new(new DataSearchSettings
        {
            CacheRoot = cacheRoot,
            CourseData = courseData,
            MirrorRoots = mirrors,
            AllowDownload = false,
        });

    /// <summary>
    /// Clears a cancelled <see cref="LargeModelsCourse.Display.Notebook.Cancellation"/> left behind by another test
    /// (it is process-wide, and the runner's tests cancel cells); the data layer's loops honour it.
    /// </summary>
    public static void ResetNotebookCancellation() => LargeModelsCourse.Display.Notebook.Cancellation = CancellationToken.None;

    /// <summary>Fails with the fix when the Debian Fashion-MNIST package is not installed.</summary>
    public static void RequireFashionMnist()
    {
        if (!File.Exists(Path.Combine(FashionSystemFolder, "train-images-idx3-ubyte.gz")))
            Assert.Fail($"Fashion-MNIST is not installed at {FashionSystemFolder}: run `apt-get install dataset-fashion-mnist` (scripts/setup.sh does it; CI installs it).");
    }

    /// <summary>Fails with the fix when the MNIST mirror is not beside the checkout.</summary>
    public static void RequireMnistMirror()
    {
        if (!File.Exists(Path.Combine(MirrorRoot, "mnist", "train-images-idx3-ubyte.gz")))
            Assert.Fail($"the verified MNIST mirror is not at {Path.Combine(MirrorRoot, "mnist")} (the shared/ folder beside the checkout).");
    }
}
