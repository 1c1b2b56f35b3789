using LargeModelsCourse.Runner.Kernel;
using LargeModelsCourse.Runner.Kernel.Install;
using LargeModelsCourse.Runner.Notebooks;

namespace LargeModelsCourse.Tests.Kernel;

/// <summary>
/// The course kernel installed into a throw-away <c>--prefix</c>, starting the <c>course.dll</c> this test
/// run built, as <c>course kernel install --prefix</c> writes it. Deleted afterwards.
/// </summary>
public sealed class TemporaryKernelspec : IDisposable
{
    /// <summary>Installs into a new temporary prefix.</summary>
    public TemporaryKernelspec()
    {
        Prefix = Directory.CreateTempSubdirectory("course-kernel-test-").FullName;
        Folder = KernelSpec.Install(JupyterPaths.PrefixKernelDirectory(Prefix), KernelSpec.CourseCommand());
    }

    /// <summary>The prefix (PREFIX/share/jupyter/kernels/NAME holds the spec).</summary>
    public string Prefix { get; }

    /// <summary>The kernelspec folder.</summary>
    public string Folder { get; }

    /// <summary>Its kernel.json.</summary>
    public string KernelJson => Path.Combine(Folder, KernelSpec.FileName);

    /// <summary>What JUPYTER_PATH must contain for front ends to find it.</summary>
    public string JupyterPath => Path.Combine(Prefix, "share", "jupyter");

    /// <summary>The kernel's name.</summary>
    public static string Name => CourseKernelSpec.Name;

    /// <inheritdoc/>
    public void Dispose()
    {
        try { Directory.Delete(Prefix, recursive: true); }
        catch (IOException) { }
    }
}
