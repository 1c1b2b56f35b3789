using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace LargeModelsCourse.Runner.Hosting;

/// <summary>
/// Every command's <c>--help</c> ends with examples: a newcomer copies a working line rather than assembling one
/// from the option list. System.CommandLine's help prints usage and options; this action adds the examples after it.
/// </summary>
public static class HelpExamples
{
    /// <summary>The examples, by command path (the words after <c>course</c>).</summary>
    public static IReadOnlyDictionary<string, string[]> ByCommand { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [""] = ["dotnet course run notebooks/00-start-here.ipynb", "dotnet course doctor", "dotnet course run --help"],
        ["run"] = ["dotnet course run notebooks/00-start-here.ipynb", "dotnet course run notebooks --out artifacts/executed --cell-timeout 600"],
        ["doctor"] = ["dotnet course doctor"],
        ["bench"] = ["dotnet course bench --only mlp --repeats 3", "dotnet course bench --quick", "dotnet course bench --startup --repeats 5 --pauses 0 3", "dotnet course bench --rerun --repeats 3"],
        ["kernel"] = ["dotnet course kernel install", "dotnet course kernel --connection-file /tmp/kernel-1234.json   (what Jupyter starts)"],
        ["kernel install"] = ["dotnet course kernel install", "dotnet course kernel install --prefix ~/.venv   (then JUPYTER_PATH=~/.venv/share/jupyter)"],
        ["kernel uninstall"] = ["dotnet course kernel uninstall"],
        ["export"] = ["dotnet course export notebooks/03-gradient-descent-and-optimizers.ipynb", "dotnet course export notebooks/00-start-here.ipynb -o start.cs && dotnet run start.cs"],
        ["book"] = ["dotnet course book", "dotnet course book --executed artifacts/executed --out artifacts/book"],
        ["slides"] = ["dotnet course slides   (writes the notebooks' slideshow metadata)", "dotnet course slides --check"],
        ["translate"] = ["dotnet course translate --lang zh-CN   (writes artifacts/zh-CN/*.ipynb)", "dotnet course translate --lang zh-CN --check"],
    };

    /// <summary>Makes the root's help option print the examples of the command asked about.</summary>
    public static void Attach(RootCommand root)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
            if (help.Action is HelpAction standard) help.Action = new WithExamples(standard);
    }

    /// <summary>The command's path below the root, e.g. "kernel install".</summary>
    public static string PathOf(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
            if (result.Command is not RootCommand) names.Insert(0, result.Command.Name);
        return string.Join(' ', names);
    }

    private sealed class WithExamples(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var exitCode = standard.Invoke(parseResult);
            if (ByCommand.TryGetValue(PathOf(parseResult), out var examples))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine(examples.Length == 1 ? "Example:" : "Examples:");
                foreach (var example in examples) output.WriteLine($"  {example}");
                output.WriteLine();
            }
            return exitCode;
        }
    }
}
