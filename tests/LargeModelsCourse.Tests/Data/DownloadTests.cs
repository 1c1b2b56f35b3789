using LargeModelsCourse.Data;

namespace LargeModelsCourse.Tests.Data;

/// <summary>
/// Downloads against a real HTTP server on 127.0.0.1 serving the real MNIST t10k label file: good, corrupted,
/// truncated and short transfers, the HTTPS-only rule, atomic placement, and the locator's download step.
/// </summary>
public sealed class DownloadTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly byte[] _content;
    private readonly FileCopy _copy;
    private readonly LoopbackFileServer _server;
    private readonly FileDownloader _downloader = new(null, allowLoopbackHttp: true);

    public DownloadTests()
    {
        TestData.ResetNotebookCancellation();
        TestData.RequireMnistMirror();
        var file = TestData.Mnist.File("t10k-labels-idx1-ubyte.gz");
        _content = File.ReadAllBytes(Path.Combine(TestData.MirrorRoot, "mnist", file.Name));
        _copy = file.Copies[0];
        _server = new LoopbackFileServer(_content);
    }

    public void Dispose()
    {
        _server.Dispose();
        _temp.Dispose();
    }

    private string Destination => Path.Combine(_temp.Path, "t10k-labels-idx1-ubyte.gz");

    [Fact]
    public void A_good_download_is_verified_and_renamed_into_place_leaving_nothing_else()
    {
        var path = _downloader.Download(_server.Url("good"), _copy, Destination);
        Assert.Equal(Destination, path);
        Assert.Equal(_content, File.ReadAllBytes(path));
        Assert.Equal(["t10k-labels-idx1-ubyte.gz"], _temp.Files());
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public void A_corrupted_download_is_deleted_and_the_error_gives_expected_and_actual_checksums_and_the_url()
    {
        var error = Assert.Throws<DatasetDownloadException>(() => _downloader.Download(_server.Url("corrupt"), _copy, Destination));
        Assert.Equal(DownloadFailure.ChecksumMismatch, error.Failure);
        Assert.Contains(_server.Url("corrupt"), error.Message);
        Assert.Contains(_copy.Sha256!, error.Message);
        var corrupt = (byte[])_content.Clone();
        corrupt[corrupt.Length / 2] ^= 0xFF;
        Assert.Contains(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(corrupt)), error.Message);
        Assert.Contains("deleted", error.Message);
        Assert.Empty(_temp.Files());
    }

    [Fact]
    public void A_transfer_cut_off_half_way_is_reported_as_truncated_and_leaves_no_partial_file()
    {
        var error = Assert.Throws<DatasetDownloadException>(() => _downloader.Download(_server.Url("truncated"), _copy, Destination));
        Assert.Equal(DownloadFailure.Truncated, error.Failure);
        Assert.Contains($"of {_content.Length:N0} bytes", error.Message);
        Assert.Empty(_temp.Files());
    }

    [Fact]
    public void A_complete_response_with_too_few_bytes_is_reported_as_truncated()
    {
        var error = Assert.Throws<DatasetDownloadException>(() => _downloader.Download(_server.Url("short"), _copy, Destination));
        Assert.Equal(DownloadFailure.Truncated, error.Failure);
        Assert.Contains($"after {_content.Length / 2:N0} of {_content.Length:N0} bytes", error.Message);
        Assert.Empty(_temp.Files());
    }

    [Fact]
    public void A_failed_download_never_replaces_a_good_file_already_in_place()
    {
        File.WriteAllBytes(Destination, _content);
        Assert.Throws<DatasetDownloadException>(() => _downloader.Download(_server.Url("corrupt"), _copy, Destination));
        Assert.Equal(_content, File.ReadAllBytes(Destination));
        Assert.Equal(["t10k-labels-idx1-ubyte.gz"], _temp.Files());
    }

    [Fact]
    public void An_http_error_status_is_a_network_failure()
    {
        var error = Assert.Throws<DatasetDownloadException>(() => _downloader.Download(_server.Url("missing"), _copy, Destination));
        Assert.Equal(DownloadFailure.Network, error.Failure);
        Assert.Contains("404", error.Message);
        Assert.Empty(_temp.Files());
    }

    [Fact]
    public void Plain_http_is_refused_without_the_loopback_opt_in_and_never_contacts_the_server()
    {
        var strict = new FileDownloader();
        var error = Assert.Throws<DatasetDownloadException>(() => strict.Download(_server.Url("good"), _copy, Destination));
        Assert.Equal(DownloadFailure.Insecure, error.Failure);
        Assert.Contains("HTTPS", error.Message);
        Assert.Equal(0, _server.Requests);
        Assert.Empty(_temp.Files());
    }

    [Fact]
    public void The_opt_in_covers_loopback_only()
    {
        var error = Assert.Throws<DatasetDownloadException>(() => FileDownloader.CheckAddress("http://example.com/mnist.gz", allowLoopbackHttp: true));
        Assert.Equal(DownloadFailure.Insecure, error.Failure);
        Assert.Throws<DatasetDownloadException>(() => FileDownloader.CheckAddress("ftp://127.0.0.1/x", allowLoopbackHttp: true));
        Assert.Equal("https", FileDownloader.CheckAddress("https://example.com/x").Scheme);
    }

    [Fact]
    public void Every_manifest_download_address_is_https()
    {
        var urls = DatasetManifest.Course.Datasets.SelectMany(d => d.Files).SelectMany(f => f.Copies).SelectMany(c => c.DownloadUrls).ToList();
        Assert.NotEmpty(urls);
        Assert.All(urls, u => Assert.StartsWith("https://", u));
        Assert.Throws<InvalidDataException>(() => DatasetManifest.Parse(File.ReadAllText(Path.Combine(Support.Repo.Root, "datasets", "manifest.json"))
            .Replace("https://ossci-datasets", "http://ossci-datasets", StringComparison.Ordinal)));
    }

    /// <summary>A one-file dataset whose only copy is served by the loopback server at <paramref name="path"/>.</summary>
    private DatasetEntry ServedDataset(string path) => TestData.Mnist with
    {
        Id = "served",
        Folder = "served",
        Files = [new DatasetFile("t10k-labels-idx1-ubyte.gz", null, [_copy with { Urls = [_server.Url(path)] }])],
    };

    private DataLocator DownloadingLocator(string cache) => new(new DataSearchSettings
    {
        CacheRoot = cache,
        AllowDownload = true,
        Downloader = _downloader,
    });

    [Fact]
    public void The_locator_downloads_a_missing_dataset_into_the_cache_and_finds_it_there_next_time()
    {
        var entry = ServedDataset("good");
        var locator = DownloadingLocator(_temp.Path);
        var first = locator.Locate(entry);
        Assert.Equal(DataPlace.Download, first.Place);
        Assert.Equal(Path.Combine(_temp.Path, "served"), first.Folder);
        Assert.Equal(_content, File.ReadAllBytes(Path.Combine(first.Folder, "t10k-labels-idx1-ubyte.gz")));
        Assert.Equal(DataPlace.Cache, locator.Locate(entry).Place);
        Assert.Equal(1, _server.Requests);
    }

    [Fact]
    public void A_failed_download_becomes_a_not_found_error_that_says_what_failed_and_where_to_put_the_files()
    {
        var entry = ServedDataset("corrupt");
        var error = Assert.Throws<DatasetNotFoundException>(() => DownloadingLocator(_temp.Path).Locate(entry));
        Assert.Contains("is not the file the course expects", error.Message);
        Assert.Contains($"into {Path.Combine(_temp.Path, "served")}", error.Message);
        Assert.IsType<DatasetDownloadException>(error.InnerException);
        Assert.Empty(_temp.Files());
    }

    [Fact]
    public void With_no_network_and_no_local_copy_the_error_says_which_files_to_put_where()
    {
        // Nothing listens on this loopback port: the connection is refused, as offline.
        var entry = TestData.Mnist with
        {
            Id = "offline",
            Folder = "offline",
            Files = [new DatasetFile("t10k-labels-idx1-ubyte.gz", null, [_copy with { Urls = [$"http://127.0.0.1:{LoopbackFileServer.FreePort()}/x.gz"] }])],
        };
        var error = Assert.Throws<DatasetNotFoundException>(() => DownloadingLocator(_temp.Path).Locate(entry));
        Assert.Equal(DownloadFailure.Network, Assert.IsType<DatasetDownloadException>(error.InnerException).Failure);
        Assert.Contains("could not download", error.Message);
        Assert.Contains($"put t10k-labels-idx1-ubyte.gz (4,542 bytes, SHA-256 {_copy.Sha256}) into {Path.Combine(_temp.Path, "offline")}", error.Message);
        Assert.Empty(_temp.Files());
    }
}
