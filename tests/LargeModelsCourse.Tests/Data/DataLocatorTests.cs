using LargeModelsCourse.Data;
using LargeModelsCourse.Tests.Support;

namespace LargeModelsCourse.Tests.Data;

/// <summary>The one resolution order: explicit path, COURSE_DATA, cache, system, sibling mirror, download.</summary>
[Collection(SerialCollection.Name)]
public sealed class DataLocatorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>MNIST's entry with a system location inside the temp folder, so every step can be staged.</summary>
    private DatasetEntry Entry() => TestData.Mnist with { SystemLocations = [Path.Combine(_temp.Path, "system", "mnist")] };

    /// <summary>Puts (empty) copies of the dataset's files into a folder: the locator checks presence, the loaders content.</summary>
    private static string Stage(DatasetEntry entry, string folder, bool decompressed = false)
    {
        Directory.CreateDirectory(folder);
        foreach (var f in entry.Files) File.WriteAllBytes(Path.Combine(folder, decompressed ? f.DecompressedName : f.Name), []);
        return folder;
    }

    private DataLocator Locator(bool withCourseData = true, bool withMirror = true) => new(new DataSearchSettings
    {
        CourseData = withCourseData ? Path.Combine(_temp.Path, "course-data") : null,
        CacheRoot = Path.Combine(_temp.Path, "cache"),
        MirrorRoots = withMirror ? [Path.Combine(_temp.Path, "mirror")] : [],
        AllowDownload = false,
    });

    [Fact]
    public void Each_place_beats_the_ones_after_it()
    {
        var entry = Entry();
        var explicitFolder = Stage(entry, Path.Combine(_temp.Path, "explicit"));
        var courseData = Stage(entry, Path.Combine(_temp.Path, "course-data", "mnist"));
        var cache = Stage(entry, Path.Combine(_temp.Path, "cache", "mnist"));
        var system = Stage(entry, Path.Combine(_temp.Path, "system", "mnist"));
        var mirror = Stage(entry, Path.Combine(_temp.Path, "mirror", "mnist"));
        var locator = Locator();

        Assert.Equal((DataPlace.ExplicitPath, explicitFolder), Found(locator.Locate(entry, explicitFolder)));
        Assert.Equal((DataPlace.CourseDataVariable, courseData), Found(locator.Locate(entry)));
        Directory.Delete(courseData, true);
        Assert.Equal((DataPlace.Cache, cache), Found(locator.Locate(entry)));
        Directory.Delete(cache, true);
        Assert.Equal((DataPlace.System, system), Found(locator.Locate(entry)));
        Directory.Delete(system, true);
        Assert.Equal((DataPlace.SiblingMirror, mirror), Found(locator.Locate(entry)));
        Directory.Delete(mirror, true);
        Assert.Null(locator.FindLocal(entry));
        Assert.Throws<DatasetNotFoundException>(() => locator.Locate(entry));
    }

    private static (DataPlace, string) Found(DataLocation location) => (location.Place, location.Folder);

    [Fact]
    public void An_incomplete_folder_is_skipped_and_the_search_goes_on()
    {
        var entry = Entry();
        var courseData = Stage(entry, Path.Combine(_temp.Path, "course-data", "mnist"));
        File.Delete(Path.Combine(courseData, entry.Files[0].Name));
        var mirror = Stage(entry, Path.Combine(_temp.Path, "mirror", "mnist"));
        Assert.Equal((DataPlace.SiblingMirror, mirror), Found(Locator().Locate(entry)));
    }

    [Fact]
    public void Decompressed_idx_files_count_as_present()
    {
        var entry = Entry();
        var cache = Stage(entry, Path.Combine(_temp.Path, "cache", "mnist"), decompressed: true);
        Assert.Equal((DataPlace.Cache, cache), Found(Locator().Locate(entry)));
    }

    [Fact]
    public void An_explicit_path_that_lacks_files_is_an_error_not_a_silent_fallback()
    {
        var entry = Entry();
        Stage(entry, Path.Combine(_temp.Path, "cache", "mnist"));
        var wrong = Directory.CreateDirectory(Path.Combine(_temp.Path, "somewhere")).FullName;
        var error = Assert.Throws<DatasetNotFoundException>(() => Locator().Locate(entry, wrong));
        Assert.Contains(wrong, error.Message);
        Assert.Contains("train-images-idx3-ubyte.gz", error.Message);
    }

    [Fact]
    public void The_not_found_error_lists_every_place_in_order_and_says_which_files_go_where()
    {
        var entry = Entry();
        var locator = Locator();
        var message = Assert.Throws<DatasetNotFoundException>(() => locator.Locate(entry)).Message;
        var places = new[] { "explicit path", "COURSE_DATA", "datasets/cache", "system location", "sibling mirror", "download" };
        var positions = places.Select(p => message.IndexOf(p, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p >= 0, message));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains(Path.Combine(_temp.Path, "course-data", "mnist"), message);
        Assert.Contains(Path.Combine(_temp.Path, "mirror", "mnist"), message);
        Assert.Contains("COURSE_OFFLINE", message); // downloads were off, and it says so
        Assert.Contains($"put train-images-idx3-ubyte.gz (9,912,422 bytes, SHA-256 440fcabf", message);
        Assert.Contains($"into {Path.Combine(_temp.Path, "cache", "mnist")}", message);
        Assert.Contains("https://ossci-datasets.s3.amazonaws.com/mnist/", message);
    }

    [Fact]
    public void Steps_say_when_a_place_does_not_apply()
    {
        var locator = Locator(withCourseData: false, withMirror: false);
        var message = Assert.Throws<DatasetNotFoundException>(() => locator.Locate(TestData.Mnist)).Message;
        Assert.Contains("COURSE_DATA is not set", message);
        Assert.Contains("none for this dataset", message);
        Assert.Contains("no path given", message);
    }

    [Fact]
    public void Settings_from_the_environment_read_COURSE_DATA_and_find_the_checkout()
    {
        var before = Environment.GetEnvironmentVariable(DataLocator.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(DataLocator.EnvironmentVariable, _temp.Path);
            var settings = DataSearchSettings.FromEnvironment();
            Assert.Equal(_temp.Path, settings.CourseData);
            Assert.Equal(Path.Combine(Support.Repo.Root, "datasets", "cache"), settings.CacheRoot);
            Assert.Contains(Path.GetFullPath(Path.Combine(Support.Repo.Root, "..", "shared", "datasets")), settings.MirrorRoots);

            var staged = Stage(TestData.Mnist, Path.Combine(_temp.Path, "mnist"));
            Assert.Equal((DataPlace.CourseDataVariable, staged), Found(DataLocator.FromEnvironment().Locate(TestData.Mnist)));
        }
        finally
        {
            Environment.SetEnvironmentVariable(DataLocator.EnvironmentVariable, before);
        }
    }

    [Fact]
    public void The_checkout_is_found_from_the_library_location_too()
    {
        var fromAssembly = CourseRoot.Find(Path.GetDirectoryName(typeof(DataLocator).Assembly.Location)!);
        Assert.Equal(Support.Repo.Root, fromAssembly);
        Assert.Contains(Support.Repo.Root, DataSearchSettings.RepositoryRoots());
    }

    [Fact]
    public void A_committed_table_is_found_in_the_repository_after_the_cache_and_before_system_locations()
    {
        var entry = DatasetManifest.Course["breast-cancer"] with { SystemLocations = [Path.Combine(_temp.Path, "system")] };
        var settings = new DataSearchSettings
        {
            CacheRoot = Path.Combine(_temp.Path, "cache"),
            RepositoryDatasets = Path.Combine(_temp.Path, "repo-datasets"),
            AllowDownload = false,
        };
        var locator = new DataLocator(settings);
        Assert.Equal(
            [DataPlace.ExplicitPath, DataPlace.CourseDataVariable, DataPlace.Cache, DataPlace.Repository, DataPlace.System, DataPlace.SiblingMirror],
            locator.Steps(entry).Select(s => s.Place));
        var system = Stage(entry, Path.Combine(_temp.Path, "system"));
        var committed = Stage(entry, Path.Combine(_temp.Path, "repo-datasets", "breast-cancer"));
        Assert.Equal((DataPlace.Repository, committed), Found(locator.Locate(entry)));
        var cache = Stage(entry, Path.Combine(_temp.Path, "cache", "breast-cancer"));
        Assert.Equal((DataPlace.Cache, cache), Found(locator.Locate(entry)));
        // Datasets that are not committed never look there.
        Assert.DoesNotContain(DataPlace.Repository, locator.Steps(TestData.Mnist).Select(s => s.Place));
        Assert.NotNull(system);
    }

    [Fact]
    public void Cifar10_counts_as_present_as_an_archive_or_as_loose_batches_in_either_folder()
    {
        var entry = DatasetManifest.Course["cifar-10"];
        var folder = _temp.Sub("c");
        Assert.NotEmpty(DatasetLayout.Missing(entry, folder));
        File.WriteAllBytes(Path.Combine(folder, "cifar-10-binary.tar.gz"), []);
        Assert.Empty(DatasetLayout.Missing(entry, folder));

        var loose = _temp.Sub("d", DatasetLayout.Cifar10BatchFolder);
        foreach (var b in DatasetLayout.Cifar10Batches.SkipLast(1)) File.WriteAllBytes(Path.Combine(loose, b), []);
        Assert.NotEmpty(DatasetLayout.Missing(entry, Path.Combine(_temp.Path, "d")));
        File.WriteAllBytes(Path.Combine(loose, "test_batch.bin"), []);
        Assert.Empty(DatasetLayout.Missing(entry, Path.Combine(_temp.Path, "d")));
    }
}
