
namespace LargeModelsCourse.Tests.Support;

/// <summary>Paths inside the course's checkout, for tests.</summary>
public static class Repo
{
    /// <summary>The checkout's root (the folder holding LargeModelsCourse.sln).</summary>
    public static string Root { get; } = CourseRoot.Find(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("tests must run inside the course's checkout");

    /// <summary>The chapters.</summary>
    public static string Notebooks => Path.Combine(Root, "notebooks");

    /// <summary>Test fixtures (small notebooks and data made for tests).</summary>
    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    /// <summary>The sibling folder CI and developers have beside the repo (verified MNIST and more), when present.</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>Where the tests write executed notebooks and other artifacts.</summary>
    public static string Artifacts => Path.Combine(Root, "artifacts", "tests");
}
