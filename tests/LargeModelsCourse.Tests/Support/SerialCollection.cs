namespace LargeModelsCourse.Tests.Support;

/// <summary>
/// Tests that change or depend on what the whole process shares — environment variables, counts of every native tensor,
/// libtorch's global random generator — or that
/// time a response (Interrupt within 2 s), and so run alone, after the parallel ones. Everything else runs in parallel: a notebook's display sink, cancellation,
/// console and solutions flow with its run, and notebook runs take turns (<c>NotebookHost</c>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    /// <summary>The collection's name, for <c>[Collection(SerialCollection.Name)]</c>.</summary>
    public const string Name = "process-wide state";
}
