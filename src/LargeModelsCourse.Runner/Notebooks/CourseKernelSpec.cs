using System.Text.Json.Nodes;

namespace LargeModelsCourse.Runner.Notebooks;

/// <summary>
/// The course's own Jupyter kernel, which the notebooks' metadata names so that VS Code and JupyterLab
/// pick it, and which executed notebooks record.
/// </summary>
public static class CourseKernelSpec
{
    /// <summary>The kernelspec name (the folder <c>course kernel install</c> writes).</summary>
    public const string Name = LargeModelsCourse.Display.PlotlyOutput.JupyterKernelspecName;

    /// <summary>What front ends show in their kernel picker.</summary>
    public const string DisplayName = "C# (LargeModelsCourse)";

    /// <summary>nbformat's <c>metadata.kernelspec</c>.</summary>
    public static JsonObject KernelspecJson() => new()
    {
        ["name"] = Name,
        ["display_name"] = DisplayName,
        ["language"] = "csharp",
    };

    /// <summary>nbformat's <c>metadata.language_info</c> for C#.</summary>
    public static JsonObject LanguageInfoJson() => new()
    {
        ["name"] = "csharp",
        ["version"] = "14.0",
        ["mimetype"] = "text/x-csharp",
        ["file_extension"] = ".cs",
        ["pygments_lexer"] = "csharp",
        ["codemirror_mode"] = "text/x-csharp",
    };
}
