using Spectre.Console;

namespace LargeModelsCourse;

/// <summary>
/// The one way the course's programs make a Spectre.Console terminal. Colours, styles, live redraws and
/// hyperlinks are escape codes: a log file or a pipe (<c>course run … &gt; log</c>) would keep them as
/// noise, and <c>NO_COLOR</c> (no-color.org) asks for none. Spectre's own detection looks at <c>TERM</c>,
/// not at whether the output is a terminal, so the course decides here.
/// </summary>
public static class TerminalConsole
{
    /// <summary>True when output to standard output (or standard error) must carry no escape codes.</summary>
    public static bool Plain(bool standardError = false) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"))
        || (standardError ? Console.IsErrorRedirected : Console.IsOutputRedirected);

    /// <summary>A terminal writing to <paramref name="writer"/>, which goes to standard output or, with <paramref name="standardError"/>, standard error.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool standardError = false)
    {
        var plain = Plain(standardError);
        var terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
        });
        // Redirected output has no width: keep long messages on one line so they stay greppable.
        if (standardError ? Console.IsErrorRedirected : Console.IsOutputRedirected) terminal.Profile.Width = 240;
        return terminal;
    }

    /// <summary>The standard-output terminal for code that was given none (a training run outside a notebook).</summary>
    public static IAnsiConsole Standard => standard.Value;

    private static readonly Lazy<IAnsiConsole> standard = new(() => Create(Console.Out));
}
