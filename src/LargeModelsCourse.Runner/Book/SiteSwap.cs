namespace LargeModelsCourse.Runner.Book;

/// <summary>
/// Puts a freshly built site in place of the old one with renames only, so that at every moment either the
/// old book or the new one is complete on disk: the old folder is renamed aside, the new one renamed in,
/// and only then is the old one deleted. If the new one cannot be moved in, the old one is moved back.
/// </summary>
internal static class SiteSwap
{
    /// <summary>Replaces <paramref name="output"/> by <paramref name="staging"/> (a folder beside it, same file system).</summary>
    public static void Replace(string output, string staging)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        if (!Directory.Exists(output))
        {
            Directory.Move(staging, output);
            return;
        }
        var old = $"{output}.old-{Environment.ProcessId}-{Guid.NewGuid():N}";
        Directory.Move(output, old);
        try
        {
            Directory.Move(staging, output);
        }
        catch
        {
            Directory.Move(old, output);
            throw;
        }
        // The new book is in place; a failure to tidy up the old one must not fail the build.
        try { Directory.Delete(old, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
