namespace LargeModelsCourse.Display;

/// <summary>
/// Where <see cref="Notebook.display"/> sends what a cell shows. Each host supplies one: the runner
/// records outputs into the executed notebook, the kernel sends Jupyter messages, and a terminal
/// (a file-based app) prints text and saves charts as HTML files.
/// </summary>
public interface IDisplaySink
{
    /// <summary>Shows a new output identified by <paramref name="displayId"/>.</summary>
    void Display(string displayId, MimeBundle bundle);

    /// <summary>Replaces the output shown earlier under <paramref name="displayId"/>.</summary>
    void Update(string displayId, MimeBundle bundle);
}
