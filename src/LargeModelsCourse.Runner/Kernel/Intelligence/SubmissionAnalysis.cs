using System.Collections.Concurrent;
using LargeModelsCourse.Runner.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace LargeModelsCourse.Runner.Kernel.Intelligence;

/// <summary>
/// A semantic model of code the student is typing, compiled (not run) as the next submission of the
/// kernel's script session, so it sees every variable, function and <c>using</c> of the cells run so far,
/// plus the packages the cell itself names in <c>#r "nuget: …"</c> lines. Completion and inspection read it.
/// (Roslyn's completion service lives in Microsoft.CodeAnalysis.Features, which the course does not ship,
/// so the kernel asks the semantic model directly.)
/// </summary>
public sealed class SubmissionAnalysis
{
    private static readonly ConcurrentDictionary<string, MetadataReference> ReferenceCache = new(StringComparer.Ordinal);

    private SubmissionAnalysis(string code, Compilation compilation, SyntaxTree tree)
    {
        Code = code;
        Compilation = compilation;
        Tree = tree;
        Model = compilation.GetSemanticModel(tree);
    }

    /// <summary>The analysed text (directive lines blanked; same length and offsets as the cell).</summary>
    public string Code { get; }

    /// <summary>The submission's compilation (its previous submissions are the cells run so far).</summary>
    public Compilation Compilation { get; }

    /// <summary>The cell's syntax tree.</summary>
    public SyntaxTree Tree { get; }

    /// <summary>The cell's semantic model.</summary>
    public SemanticModel Model { get; }

    /// <summary>Compiles <paramref name="cell"/> as the continuation of <paramref name="session"/>.</summary>
    public static SubmissionAnalysis Create(ScriptSession session, string cell)
    {
        var (code, packages) = KernelCellSource.ForAnalysis(cell);
        var options = session.Options;
        var extra = new List<MetadataReference>();
        foreach (var (name, version) in packages)
        {
            if (session.ReferencedPackages.ContainsKey(name)) continue;
            try
            {
                var package = BundledPackages.Shipped.Resolve(name, version);
                extra.AddRange(package.Assemblies.Select(a => ReferenceCache.GetOrAdd(a.Location, p => MetadataReference.CreateFromFile(p))));
            }
            catch (PackageNotBundledException)
            {
                // Running the cell will explain; completion simply goes without that package.
            }
        }
        if (extra.Count > 0) options = options.AddReferences(extra);
        Script script = session.CurrentScript?.ContinueWith(code, options) ?? CSharpScript.Create(code, options);
        var compilation = script.GetCompilation();
        return new SubmissionAnalysis(code, compilation, compilation.SyntaxTrees.Last());
    }
}
