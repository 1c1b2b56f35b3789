using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using LargeModelsCourse.Exercises;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// One C# scripting session (Roslyn) per notebook: cells run in order and share their variables, as in
/// Polyglot Notebooks. Resolves the cell's directives, compiles, runs, and reports errors with the
/// cell's own line numbers.
/// </summary>
public sealed class ScriptSession
{
    /// <summary>The namespaces every cell sees, like Polyglot's C# kernel, plus the notebook functions.</summary>
    public static readonly ImmutableArray<string> DefaultImports =
    [
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Text",
        "System.Threading", "System.Threading.Tasks", "LargeModelsCourse.Display.Notebook",
    ];

    private readonly string baseDirectory;
    private readonly BundledPackages packages;
    private readonly string documentName;
    private ScriptOptions options;
    private ScriptState<object>? state;
    private readonly List<string> packageSources = [];
    private readonly RerunRebinding rebinding = new();

    /// <summary>Starts a session whose relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public ScriptSession(string baseDirectory, BundledPackages packages, string documentName = "notebook")
    {
        this.baseDirectory = baseDirectory;
        this.packages = packages;
        this.documentName = documentName;
        options = ScriptOptions.Default
            .WithReferences(FrameworkReferences.Value)
            .AddReferences(SharedReference(typeof(LargeModelsCourse.Course).Assembly.Location))
            .WithImports(DefaultImports)
            .WithLanguageVersion(LanguageVersion.Latest)
            .WithOptimizationLevel(OptimizationLevel.Debug)
            .WithEmitDebugInformation(true)
            .WithFileEncoding(Encoding.UTF8)
            .WithAllowUnsafe(false)
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory));
    }

    /// <summary>The packages referenced so far (name → version).</summary>
    public Dictionary<string, string> ReferencedPackages { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Variables defined so far, newest value of each name, for completion and inspection.</summary>
    public IEnumerable<ScriptVariable> Variables =>
        state?.Variables.GroupBy(v => v.Name).Select(g => g.Last()) ?? [];

    /// <summary>The current script (for completion: its compilation sees every earlier cell).</summary>
    public Script? CurrentScript => state?.Script;

    /// <summary>The options the next cell compiles with.</summary>
    public ScriptOptions Options => options;

    /// <summary>The chapter solutions handed to exercise cells before they compile (<see cref="SolutionInjection"/>).</summary>
    public SolutionBook Solutions { get; set; } = SolutionBook.Empty;

    /// <summary>Runs one cell. Never throws for the cell's own errors: they come back in the outcome.</summary>
    public async Task<CellOutcome> ExecuteAsync(string source, int cellNumber, CancellationToken cancellation = default)
    {
        var cellFile = $"{documentName}.ipynb#cell{cellNumber}.csx";
        CellDirectives directives;
        try
        {
            directives = CellDirectives.Parse(source);
            AddDirectiveReferences(directives);
        }
        catch (CellDirectiveException e)
        {
            return CellOutcome.Failure(new CellError("DirectiveError", e.Message, e.Line, [$"DirectiveError: {e.Message}"]));
        }

        var cellOptions = options.WithFilePath(cellFile);
        var injected = SolutionInjection.Inject(directives.Code, Solutions);
        var code = CellRewriter.AddInterruptChecks(injected.Code);
        var declaredBefore = state?.Variables.Length ?? 0;
        try
        {
            var next = state is null
                ? await CSharpScript.RunAsync(code, cellOptions, globals: null, globalsType: null, cancellationToken: cancellation)
                    .ConfigureAwait(false)
                : await state.ContinueWithAsync(code, cellOptions, catchException: _ => true, cancellation)
                    .ConfigureAwait(false);
            state = next;
            if (next.Exception is { } thrown) return CellOutcome.Failure(FromException(thrown, cellFile));
            if (rebinding.Record(code, next.Variables, declaredBefore))
            {
                // The earlier run's tensors hold native memory the collector cannot see: free it now, not whenever
                // managed allocations next call for a full collection.
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            return CellOutcome.Success(EndsWithValue(next.Script), next.ReturnValue);
        }
        catch (CompilationErrorException e)
        {
            var errors = e.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            // An error inside a handed-over solution is the solutions file's, not the student's: say which.
            string Where(Diagnostic d) => !d.Location.IsInSource ? ""
                : injected.IsInjected(d.Location.GetLineSpan().StartLinePosition.Line + 1)
                    ? $"(in the solution of exercise {string.Join(" or ", injected.Solutions.Select(s => $"{s.Id}, {s.Source}"))}): "
                    : $"({d.Location.GetMappedLineSpan().StartLinePosition.Line + 1},{d.Location.GetMappedLineSpan().StartLinePosition.Character + 1}): ";
            var first = errors[0];
            var line = first.Location.IsInSource && !injected.IsInjected(first.Location.GetLineSpan().StartLinePosition.Line + 1)
                ? first.Location.GetMappedLineSpan().StartLinePosition.Line + 1 : (int?)null;
            var messages = errors.Select(d => $"{Where(d)}error {d.Id}: {d.GetMessage()}").ToList();
            var summary = line is null && first.Location.IsInSource ? $"{Where(first)}{first.Id}: {first.GetMessage()}" : $"{first.Id}: {first.GetMessage()}";
            return CellOutcome.Failure(new CellError("CompilationError", summary, line, messages));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return CellOutcome.Failure(new CellError("OperationCanceledException", "the cell was interrupted", null, ["OperationCanceledException: the cell was interrupted"]));
        }
        catch (Exception e) when (state is null)
        {
            // The first cell's runtime exceptions arrive here (RunAsync has no catchException overload without globals).
            return CellOutcome.Failure(FromException(e, cellFile));
        }
    }

    /// <summary>
    /// True when the cell ends in an expression without a semicolon that has a value: that value is the
    /// cell's result (shown even when null), as in Polyglot Notebooks.
    /// </summary>
    private static bool EndsWithValue(Script script)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        var last = tree.GetRoot().ChildNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().LastOrDefault();
        if (last?.Statement is not Microsoft.CodeAnalysis.CSharp.Syntax.ExpressionStatementSyntax { SemicolonToken.IsMissing: true } statement)
            return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    private void AddDirectiveReferences(CellDirectives directives)
    {
        var references = new List<MetadataReference>();
        // #i sources hold for the rest of the session, as in Polyglot; a folder is relative to the notebook.
        packageSources.AddRange(directives.PackageSources.Select(s => Uri.TryCreate(s, UriKind.Absolute, out var uri) && !uri.IsFile ? s : Path.GetFullPath(Path.Combine(baseDirectory, s))));
        foreach (var (name, version, line) in directives.Packages)
        {
            if (!packages.Ships(name))
            {
                // Not one of the course's packages: NuGet restores it (cached after the first time).
                RestoredPackage restored;
                try { restored = NuGetRestore.Shared.Restore(name, version, packageSources); }
                catch (PackageRestoreException e) { throw new CellDirectiveException(line, e.Message); }
                ReferencedPackages[name] = restored.Version;
                references.AddRange(restored.Assemblies.Select(SharedReference));
                continue;
            }
            BundledPackage package;
            try { package = packages.Resolve(name, version); }
            catch (PackageNotBundledException e) { throw new CellDirectiveException(line, e.Message); }
            ReferencedPackages[package.Name] = package.Version;
            references.AddRange(package.Assemblies.Select(a => SharedReference(a.Location)));
        }
        foreach (var (path, line) in directives.Assemblies)
        {
            var full = Path.GetFullPath(Path.Combine(baseDirectory, path));
            if (!File.Exists(full))
                throw new CellDirectiveException(line, $"#r \"{path}\": no file at {full} (relative paths start from the notebook's folder, {baseDirectory}). Build the project that makes it, or fix the path.");
            references.Add(MetadataReference.CreateFromFile(full));
        }
        if (references.Count > 0) options = options.AddReferences(references);
    }

    /// <summary>Turns a cell's exception into an error naming the cell's line (the innermost frame in the cell).</summary>
    internal static CellError FromException(Exception thrown, string cellFile)
    {
        var e = thrown;
        while (e is TargetInvocationException or AggregateException && e.InnerException is not null) e = e.InnerException;
        int? line = null;
        var frames = new List<string>();
        foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            var method = frame.GetMethod();
            var file = frame.GetFileName();
            if (file == cellFile)
            {
                line ??= frame.GetFileLineNumber();
                frames.Add($"   at cell line {frame.GetFileLineNumber()}");
            }
            else if (method?.DeclaringType?.Namespace is { } ns && !ns.StartsWith("Microsoft.CodeAnalysis", StringComparison.Ordinal)
                     && !ns.StartsWith("System.Runtime", StringComparison.Ordinal))
            {
                frames.Add($"   at {method.DeclaringType.FullName}.{method.Name}");
            }
        }
        var name = e.GetType().Name;
        return new CellError(name, e.Message, line, [$"{e.GetType().FullName}: {e.Message}", .. frames]);
    }

    // The shared framework's assemblies (System.*, netstandard): what a C# file sees by default.
    private static readonly Lazy<MetadataReference[]> FrameworkReferences = new(() =>
    {
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? "").Split(Path.PathSeparator);
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return trusted
            .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDir, StringComparison.Ordinal))
            .Where(p => Path.GetFileName(p) is var f && (f.StartsWith("System.", StringComparison.Ordinal) || f is "netstandard.dll" or "mscorlib.dll" or "Microsoft.CSharp.dll" or "Microsoft.Win32.Primitives.dll"))
            .Select(SharedReference)
            .ToArray();
    });

    // One reference object per framework or package assembly for the whole process. Roslyn keeps the symbols it reads
    // from an assembly on its metadata, so every session reusing the object skips reading it again: the kernel's
    // warm-up session reads them while the kernel starts, and the student's setup cell finds them ready. Package
    // folders are versioned and never change; a `#r "path.dll"` the student rebuilds gets a fresh reference instead.
    private static readonly ConcurrentDictionary<string, MetadataReference> SharedReferences = new(StringComparer.Ordinal);

    private static MetadataReference SharedReference(string path) =>
        SharedReferences.GetOrAdd(Path.GetFullPath(path), p => MetadataReference.CreateFromFile(p));
}
