using LargeModelsCourse.Processes;

namespace LargeModelsCourse.Tests.Support;

/// <summary>Runs Debian's Python (the interpreter that sees python3-nbformat, nbclient and jupyter_client).</summary>
public static class Python
{
    /// <summary>The system interpreter; a pyenv or venv python3 earlier on PATH may lack the Debian packages.</summary>
    public static string Interpreter => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    /// <summary>Runs a script with arguments; returns the exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(string script, IEnumerable<string> arguments, int timeoutSeconds = 300)
    {
        var result = ChildProcess.Run(Interpreter, ["-c", script, .. arguments], TimeSpan.FromSeconds(timeoutSeconds), captureLimit: int.MaxValue);
        return result.TimedOut
            ? (-1, $"python timed out after {timeoutSeconds} s\n{result.Output}{result.Error}")
            : (result.ExitCode, result.Output + result.Error);
    }
}
