namespace LargeModelsCourse.Data;

/// <summary>
/// A dataset is not on this machine and could not be fetched. The message lists every place that was
/// searched, in order, and says which files to put where (or which command fetches them).
/// </summary>
public sealed class DatasetNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatasetNotFoundException(DatasetEntry dataset, string message, Exception? inner = null) : base(message, inner) => Dataset = dataset;

    /// <summary>The dataset that is missing.</summary>
    public DatasetEntry Dataset { get; }
}

/// <summary>A data file exists but is not what it should be (bad magic number, wrong size, truncated, bad value).</summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>Creates the exception; <paramref name="file"/> is named in the message.</summary>
    public DatasetFormatException(string file, string problem, Exception? inner = null)
        : base($"{file}: {problem}", inner) => File = file;

    /// <summary>The file at fault.</summary>
    public string File { get; }
}

/// <summary>Why a download failed.</summary>
public enum DownloadFailure
{
    /// <summary>The address is not HTTPS (and plain HTTP to loopback was not allowed).</summary>
    Insecure,
    /// <summary>No connection, an HTTP error status, or a timeout.</summary>
    Network,
    /// <summary>The transfer ended before the whole file arrived.</summary>
    Truncated,
    /// <summary>The whole file arrived but its size or checksum is not the manifest's.</summary>
    ChecksumMismatch,
    /// <summary>The server announced or sent a different number of bytes than the manifest's size; the transfer was stopped.</summary>
    SizeMismatch,
    /// <summary>The package client (npm) failed.</summary>
    PackageClient,
}

/// <summary>A download or package fetch that failed; nothing partial is left behind.</summary>
public sealed class DatasetDownloadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public DatasetDownloadException(DownloadFailure failure, string source, string message, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Source = source;
    }

    /// <summary>What went wrong.</summary>
    public DownloadFailure Failure { get; }

    /// <summary>The URL or package spec that was fetched.</summary>
    public new string Source { get; }
}
