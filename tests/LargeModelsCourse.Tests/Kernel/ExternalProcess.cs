using LargeModelsCourse.Processes;

namespace LargeModelsCourse.Tests.Kernel;

/// <summary>Runs a program to completion with a generous limit (a hang fails the test instead of stalling the run).</summary>
public static class ExternalProcess
{
    /// <summary>The Debian python that has nbclient and jupyter_client (the pyenv one on PATH does not).</summary>
    public const string SystemPython = "/usr/bin/python3";

    /// <summary>Exit code, standard output and standard error of <paramref name="program"/>.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string program, IEnumerable<string> arguments,
        string workingDirectory, TimeSpan limit, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var variables = new Dictionary<string, string?>(StringComparer.Ordinal);
        // `dotnet test` leaves MSBuild's own settings in the environment; a child build must find its own.
        foreach (var name in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)))
            variables[name] = null;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>()) variables[name] = value;
        var argumentList = arguments.ToList();
        // Everything is kept: the callers parse what the program printed last (a probe's JSON can be megabytes).
        var result = await ChildProcess.RunAsync(program, argumentList, limit, workingDirectory: workingDirectory, environment: variables,
            captureLimit: int.MaxValue);
        if (result.TimedOut)
            throw new Xunit.Sdk.XunitException($"{program} {string.Join(' ', argumentList)} did not finish within {limit.TotalMinutes:0} min.\nstdout:\n{result.Output}\nstderr:\n{result.Error}");
        return (result.ExitCode, result.Output, result.Error);
    }
}
