using Microsoft.CodeAnalysis.Scripting;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// What running a cell again leaves behind. Roslyn keeps every submission reachable from the script state, so each
/// run of a cell keeps the values its earlier runs declared alive for the rest of the session: a cell that loads
/// 12 MB of data holds 12 MB more per re-run, and code from other cells keeps reading the first run's model. When a
/// cell runs again with the same code, this points the variables its earlier runs declared at the new run's values,
/// as a Python kernel rebinds a name: the old values become garbage, and every cell that reads the name sees the
/// value the student just made. Only variables of identical code are touched; a value of another type is left as it was.
/// </summary>
internal sealed class RerunRebinding
{
    // The variables each earlier run of a piece of code declared: a range of ScriptState.Variables, which lists every
    // submission's variables in order.
    private readonly Dictionary<string, List<(int Start, int Count)>> runs = new(StringComparer.Ordinal);

    /// <summary>
    /// Records a successful run of <paramref name="code"/> that declared <c>variables[start..]</c>, and rebinds the
    /// variables of its earlier runs. Returns true when an old value was let go (a collection is then worth it).
    /// </summary>
    public bool Record(string code, IReadOnlyList<ScriptVariable> variables, int start)
    {
        var declared = variables.Skip(start).ToList();
        if (!runs.TryGetValue(code, out var earlier))
        {
            runs[code] = [(start, declared.Count)];
            return false;
        }
        var newest = declared.GroupBy(v => v.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var released = false;
        foreach (var (from, count) in earlier)
        {
            for (var i = from; i < from + count && i < variables.Count; i++)
            {
                var old = variables[i];
                if (old.IsReadOnly || !newest.TryGetValue(old.Name, out var now)) continue;
                if (!old.Type.IsAssignableFrom(now.Type)) continue;
                var previous = old.Value;
                if (ReferenceEquals(previous, now.Value)) continue;
                old.Value = now.Value;
                released |= previous is not null && !old.Type.IsValueType;
            }
        }
        earlier.Add((start, declared.Count));
        return released;
    }
}
