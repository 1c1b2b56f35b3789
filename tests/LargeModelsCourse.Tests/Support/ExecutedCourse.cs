using System.Text.Json.Nodes;
using LargeModelsCourse.Display;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Notebooks;

namespace LargeModelsCourse.Tests.Support;

/// <summary>
/// Executes each course notebook once per test run (the runner, in process) and keeps the executed copies,
/// so chapter tests assert on the outputs a student sees and the book tests build from them.
/// Every cell whose first run takes under <see cref="QuickCell"/> runs a second time straight away, as a student
/// re-running it does, and the second run's outputs are the ones kept: a cell that is not safe to run again fails
/// its chapter, and the chapter tests assert on what a re-run shows. The long trainings run once here (doubling
/// them would cost minutes of CI time); `course run --twice` re-runs them too (README, "Running cells again").
/// A notebook that fails makes every test that asks for it fail with the runner's message.
/// </summary>
public static class ExecutedCourse
{
    private static readonly Dictionary<string, Lazy<NotebookRunResult>> Runs = new(StringComparer.Ordinal);
    private static readonly Lock Gate = new();

    /// <summary>The folder executed copies go to.</summary>
    public static string Folder => Path.Combine(Repo.Artifacts, "executed");

    /// <summary>Runs (once) and returns the executed notebook whose file name starts with <paramref name="prefix"/> ("00", "02-loss-functions").</summary>
    public static ExecutedResult Get(string prefix)
    {
        var path = Directory.GetFiles(Repo.Notebooks, prefix + "*.ipynb").OrderBy(p => p, StringComparer.Ordinal).FirstOrDefault()
                   ?? throw new FileNotFoundException($"no notebook notebooks/{prefix}*.ipynb");
        Lazy<NotebookRunResult> run;
        lock (Gate)
        {
            if (!Runs.TryGetValue(path, out run!))
            {
                run = new Lazy<NotebookRunResult>(() => Execute(path), LazyThreadSafetyMode.ExecutionAndPublication);
                Runs[path] = run;
            }
        }
        var result = run.Value;
        if (result.Status != RunStatus.Succeeded)
            throw new Xunit.Sdk.XunitException($"notebook failed: {result.FailureMessage}");
        return new ExecutedResult(result.Executed.ToJson());
    }

    /// <summary>Cells that take less than this on their first run are run twice.</summary>
    public static readonly TimeSpan QuickCell = TimeSpan.FromSeconds(5);

    private static NotebookRunResult Execute(string path)
    {
        var runner = new NotebookRunner(new RunSettings(TimeSpan.FromMinutes(15), OutputLimits.Default, RunEachCellTwice: true, RerunCellsUnder: QuickCell));
        var result = runner.RunAsync(NotebookDocument.Load(path)).GetAwaiter().GetResult();
        result.Executed.Save(Path.Combine(Folder, Path.GetFileName(path)));
        return result;
    }
}

/// <summary>An executed notebook's JSON with helpers to read what it showed.</summary>
public sealed class ExecutedResult(JsonObject json)
{
    /// <summary>The nbformat document.</summary>
    public JsonObject Json { get; } = json;

    /// <summary>Every output of every code cell, in order.</summary>
    public IEnumerable<JsonObject> Outputs => Json["cells"]!.AsArray()
        .SelectMany(c => c!["outputs"] as JsonArray ?? [])
        .OfType<JsonObject>();

    /// <summary>The values shown with <see cref="KeyResult"/>, by key (the last one wins).</summary>
    public IReadOnlyDictionary<string, JsonNode> KeyResults => Outputs
        .Select(o => o["data"]?[KeyResult.MimeType])
        .OfType<JsonObject>()
        .GroupBy(r => r["key"]!.GetValue<string>())
        .ToDictionary(g => g.Key, g => g.Last()["value"]!);

    /// <summary>A numeric key result.</summary>
    public double Number(string key) => KeyResults.TryGetValue(key, out var v)
        ? v.GetValue<double>()
        : throw new Xunit.Sdk.XunitException($"the notebook shows no key result '{key}'; it has: {string.Join(", ", KeyResults.Keys)}");

    /// <summary>A text key result (e.g. "yes").</summary>
    public string Text(string key) => KeyResults.TryGetValue(key, out var v)
        ? v.GetValue<string>()
        : throw new Xunit.Sdk.XunitException($"the notebook shows no key result '{key}'");

    /// <summary>A vector key result.</summary>
    public double[] Vector(string key) => KeyResults.TryGetValue(key, out var v)
        ? v.AsArray().Select(x => x!.GetValue<double>()).ToArray()
        : throw new Xunit.Sdk.XunitException($"the notebook shows no key result '{key}'");

    /// <summary>All text the notebook printed or showed as plain text.</summary>
    public string AllText => string.Join("\n", Outputs.Select(o =>
        o["text"]?.ToString() ?? o["data"]?[MimeBundle.PlainText]?.ToString() ?? o["evalue"]?.ToString() ?? ""));

    /// <summary>Outputs carrying a MIME type (e.g. Plotly charts).</summary>
    public int CountMime(string mime) => Outputs.Count(o => o["data"]?[mime] is not null);
}
