using LargeModelsCourse.Runner.Execution;

namespace LargeModelsCourse.Tests.Runner;

/// <summary>
/// Running a cell again rebinds the names it declares, as a Python kernel does: code from other cells reads the new
/// value, and the old one is let go. Code that differs is left with Roslyn's own rules.
/// </summary>
public sealed class RerunRebindingTests
{
    [Fact]
    public async Task A_re_run_cell_rebinds_its_names_for_code_written_in_other_cells()
    {
        var session = new ScriptSession(Path.GetTempPath(), BundledPackages.Shipped, "rebinding");
        const string data = "var data = new System.Collections.Generic.List<int> { data0 };";
        Assert.True((await session.ExecuteAsync("int data0 = 1;", 1)).Succeeded);
        Assert.True((await session.ExecuteAsync(data, 2)).Succeeded);
        Assert.True((await session.ExecuteAsync("int First() => data[0];", 3)).Succeeded);
        var weak = Weak(session, "data");

        Assert.True((await session.ExecuteAsync("data0 = 2;", 4)).Succeeded);
        Assert.True((await session.ExecuteAsync(data, 5)).Succeeded);   // the student runs cell 2 again

        Assert.Equal(2, (await session.ExecuteAsync("First()", 6)).Value);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.False(weak.TryGetTarget(out _), "the first run's list is still reachable after the cell ran again");
    }

    [Fact]
    public async Task Different_code_that_reuses_a_name_keeps_roslyns_meaning()
    {
        var session = new ScriptSession(Path.GetTempPath(), BundledPackages.Shipped, "shadowing");
        Assert.True((await session.ExecuteAsync("var x = 1;", 1)).Succeeded);
        Assert.True((await session.ExecuteAsync("int OldX() => x;", 2)).Succeeded);
        Assert.True((await session.ExecuteAsync("var x = \"text\";", 3)).Succeeded);

        Assert.Equal(1, (await session.ExecuteAsync("OldX()", 4)).Value);
        Assert.Equal("text", (await session.ExecuteAsync("x", 5)).Value);
    }

    // Taken in a separate method so no local of the test keeps the value alive.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static WeakReference<object> Weak(ScriptSession session, string name) =>
        new(session.Variables.Single(v => v.Name == name).Value!);
}
