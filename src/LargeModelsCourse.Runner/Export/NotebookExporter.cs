using System.Text;
using LargeModelsCourse.Exercises;
using LargeModelsCourse.Runner.Execution;
using LargeModelsCourse.Runner.Hosting;
using LargeModelsCourse.Runner.Notebooks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.Text;

namespace LargeModelsCourse.Runner.Export;

/// <summary>A notebook written as a .NET file-based app, with notes on what had to change.</summary>
public sealed record ExportedChapter(string Text, IReadOnlyList<string> Notes);

/// <summary>A notebook that cannot be exported: says which cell and why.</summary>
public sealed class ExportException(string message) : Exception(message);

/// <summary>
/// Writes a notebook as a .NET 10 file-based app (<c>dotnet run chapter.cs</c>): <c>#:package</c> lines with
/// the pinned versions for its <c>#r "nuget: …"</c>, <c>#:project</c> for the course library, the code cells
/// in order and the Markdown as comments, so the file reads like the chapter.
/// A notebook is a chain of script submissions; one C# file is one program, so the exporter bridges the
/// differences, using the same compilation the kernel and runner use to see what each cell means:
/// <list type="bullet">
/// <item><c>using</c> directives of every cell move to the top (top-level statements need them first);</item>
/// <item>types declared in cells move to the end (top-level statements must precede type declarations);</item>
/// <item>a name a later cell declares again (legal in a notebook, an error in one file) is renamed, with every use after it;</item>
/// <item>a cell ending in an expression with a value shows it: <c>expr</c> becomes <c>display(expr);</c>.</item>
/// </list>
/// </summary>
public static class NotebookExporter
{
    /// <summary>The first line of every exported file, also how <c>course export</c> recognises its own files.</summary>
    public const string Marker = "// Exported by `course export`";

    /// <summary>Exports <paramref name="notebook"/> to be saved at <paramref name="outputPath"/> (paths in it are relative to that file).</summary>
    /// <exception cref="ExportException">A cell in another language, a malformed directive, or another version of a package the course ships.</exception>
    public static ExportedChapter Export(NotebookDocument notebook, string outputPath)
    {
        outputPath = Path.GetFullPath(outputPath);
        var outputDir = Path.GetDirectoryName(outputPath)!;
        var notes = new List<string>();
        var cells = ReadCells(notebook);
        SolutionBook solutions;
        try { solutions = SolutionBook.ForFolder(Path.GetDirectoryName(notebook.Path)!); }
        catch (FormatException e) { throw new ExportException($"{notebook.Path}: its solutions file cannot be read: {e.Message}"); }
        var packages = new List<BundledPackage>();
        var restored = new List<(string Name, string Version)>();
        var restoredAssemblies = new List<string>();
        var sources = new List<string>();
        foreach (var cell in cells)
        {
            sources.AddRange(cell.Directives.PackageSources);
            foreach (var (name, version, line) in cell.Directives.Packages)
            {
                // A package the course does not ship becomes a #:package line; NuGet restores it here too, so the
                // analysis below sees its types as the notebook's session did.
                if (!BundledPackages.Shipped.Ships(name))
                {
                    restored.Add((name, string.IsNullOrWhiteSpace(version) ? "*" : version.Trim()));
                    try { restoredAssemblies.AddRange(NuGetRestore.Shared.Restore(name, version, sources).Assemblies); }
                    catch (PackageRestoreException e) { throw new ExportException($"{notebook.Path}, cell {cell.Cell.Number}, line {line}: {e.Message}"); }
                    continue;
                }
                try { packages.Add(BundledPackages.Shipped.Resolve(name, version)); }
                catch (PackageNotBundledException e) { throw new ExportException($"{notebook.Path}, cell {cell.Cell.Number}, line {line}: {e.Message}"); }
            }
            foreach (var (path, line) in cell.Directives.Assemblies)
                notes.Add($"cell {cell.Cell.Number}, line {line}: #r \"{path}\" has no file-based-app equivalent and was left out; reference its project with #:project instead.");
        }

        // Declarations (by syntax tree and span) that get a new name, and that name.
        var renames = new Dictionary<(SyntaxTree, TextSpan), string>();
        var analysed = Analyse(cells, renames, restoredAssemblies);
        var usings = new List<string>();
        var types = new StringBuilder();
        var body = new StringBuilder();
        foreach (var cell in analysed)
        {
            if (cell.Cell.IsCSharp)
            {
                var chunk = Transform(cell, renames, usings, types);
                body.AppendLine($"// ── cell {cell.Cell.Number} ──");
                // The notebook's hosts hand each exercise check its solution from notebooks/solutions/; here it is written out.
                foreach (var entry in SolutionInjection.ExerciseIds(cell.Cell.Source).Select(solutions.Find).OfType<SolutionEntry>())
                    body.AppendLine($"// the solution of exercise {entry.Id}, from the chapter's solutions file, for its check:").AppendLine(SolutionInjection.ProvideCall(entry));
                foreach (var rename in cell.Renames) body.AppendLine($"// (this cell declares {rename.Old} again: a notebook may, one C# file may not, so here it is {rename.New})");
                if (chunk.Length > 0) body.AppendLine(chunk);
                body.AppendLine();
            }
            else if (cell.Cell.Source.Trim().Length > 0)
            {
                foreach (var line in cell.Cell.Source.TrimEnd().Split('\n')) body.AppendLine(("// " + line.TrimEnd('\r')).TrimEnd());
                body.AppendLine();
            }
        }

        var text = new StringBuilder();
        text.AppendLine($"{Marker} from {Relative(outputDir, notebook.Path)}: {notebook.Title}.");
        text.AppendLine($"// Run it with `dotnet run {Path.GetFileName(outputPath)}`: text prints here, charts are saved as HTML files in charts/{ChartSubfolder(outputPath)}/.");
        foreach (var package in packages.Where(p => p.Name != "LargeModelsCourse").DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
            text.AppendLine($"#:package {package.Name}@{package.Version}");
        foreach (var (name, version) in restored.DistinctBy(p => p.Name, StringComparer.OrdinalIgnoreCase))
            text.AppendLine($"#:package {name}@{version}");
        // Relative to the file wherever it is written (a path inside the checkout or outside it), so the pair can move
        // together and the file names no one's home folder; only another drive keeps it absolute.
        text.AppendLine($"#:project {Path.GetRelativePath(outputDir, LibraryProject(notebook)).Replace('\\', '/')}");
        foreach (var property in Properties(outputDir)) text.AppendLine($"#:property {property}");
        text.AppendLine();
        foreach (var ns in ScriptSession.DefaultImports.Where(n => n != typeof(LargeModelsCourse.Display.Notebook).FullName)) text.AppendLine($"using {ns};");
        text.AppendLine($"using static {typeof(LargeModelsCourse.Display.Notebook).FullName};");
        foreach (var directive in usings) text.AppendLine(directive);
        text.AppendLine();
        text.AppendLine("// As in the notebook: relative paths start from the notebook's folder, and display(...) shows values;");
        text.AppendLine("// in a terminal that means printing text and saving each chart as a standalone HTML page.");
        const string here = "(AppContext.GetData(\"EntryPointFileDirectoryPath\") as string ?? Environment.CurrentDirectory)";
        text.AppendLine($"LargeModelsCourse.Display.Notebook.Sink = new LargeModelsCourse.Display.ConsoleDisplaySink {{ ChartFolder = Path.Combine({here}, \"charts\", {Literal(ChartSubfolder(outputPath))}) }};");
        text.AppendLine($"Directory.SetCurrentDirectory(Path.GetFullPath(Path.Combine({here}, {Literal(Relative(outputDir, Path.GetDirectoryName(notebook.Path)!))})));");
        text.AppendLine();
        text.Append(body);
        if (types.Length > 0)
        {
            text.AppendLine("// ── types the notebook declares (a C# file declares them after its statements) ──");
            text.Append(types);
        }
        return new ExportedChapter(text.ToString().TrimEnd() + "\n", notes);
    }

    /// <summary>The folder under charts/ this chapter's charts go to (its file name), so chapters do not overwrite each other's.</summary>
    public static string ChartSubfolder(string outputPath) => Path.GetFileNameWithoutExtension(outputPath);

    private static IEnumerable<string> Properties(string outputDir)
    {
        // Notebook cells compile without nullable annotations and the trimming/AOT analysis that file-based
        // apps turn on by default; the chapter keeps the notebook's rules.
        yield return "Nullable=disable";
        yield return "PublishAot=false";
        // The package mirror lacks two versions TorchSharp names; NuGet takes the next one up (as the course build allows).
        yield return "NoWarn=$(NoWarn);NU1603";
        if (CourseRoot.Find(outputDir) is not null)
        {
            // Inside the course's checkout its Directory.Build.props and Directory.Packages.props apply to this
            // file too: the library's strict settings (warnings as errors, doc comments, central versions) are
            // for the library, not for a chapter.
            yield return "TreatWarningsAsErrors=false";
            yield return "GenerateDocumentationFile=false";
            yield return "EnforceCodeStyleInBuild=false";
            yield return "ManagePackageVersionsCentrally=false";
        }
    }

    private static string LibraryProject(NotebookDocument notebook)
    {
        var root = CourseRoot.Find(Path.GetDirectoryName(notebook.Path)!) ?? CourseRoot.Find(AppContext.BaseDirectory) ?? CoursePaths.Root;
        var project = Path.Combine(root, "src", "LargeModelsCourse", "LargeModelsCourse.csproj");
        if (!File.Exists(project))
            throw new ExportException($"the course library's project is not at {project}: export a notebook from inside the course's checkout (the exported file builds the library from source)");
        return project;
    }

    private sealed record SourceCell(NotebookCell Cell, CellDirectives Directives);

    private sealed record AnalysedCell(NotebookCell Cell, CellDirectives? Directives, SemanticModel? Model, SyntaxTree? Tree)
    {
        public List<(string Old, string New)> Renames { get; } = [];
    }

    private static List<SourceCell> ReadCells(NotebookDocument notebook)
    {
        var cells = new List<SourceCell>();
        foreach (var cell in notebook.Cells)
        {
            if (cell.CellType == "code" && !cell.IsCSharp)
                throw new ExportException($"{notebook.Path}, cell {cell.Number} is {cell.LanguageName}: only C# cells can be exported (the course's hosts run C# only)");
            if (!cell.IsCSharp)
            {
                cells.Add(new SourceCell(cell, CellDirectives.Parse("")));
                continue;
            }
            try { cells.Add(new SourceCell(cell, CellDirectives.Parse(cell.Source))); }
            catch (CellDirectiveException e) { throw new ExportException($"{notebook.Path}, cell {cell.Number}, line {e.Line}: {e.Message}"); }
        }
        return cells;
    }

    /// <summary>Compiles the code cells as the chain of submissions the notebook is, without running them.</summary>
    private static List<AnalysedCell> Analyse(List<SourceCell> cells, Dictionary<(SyntaxTree, TextSpan), string> renames, IReadOnlyList<string> restoredAssemblies)
    {
        var options = new ScriptSession(Environment.CurrentDirectory, BundledPackages.Shipped).Options
            .AddReferences(BundledPackages.Shipped.All.SelectMany(p => p.Assemblies).Distinct().Select(a => MetadataReference.CreateFromFile(a.Location)))
            .AddReferences(restoredAssemblies.Distinct().Select(a => MetadataReference.CreateFromFile(a)));
        Script? script = null;
        var result = new List<AnalysedCell>();
        foreach (var (cell, directives) in cells)
        {
            if (!cell.IsCSharp)
            {
                result.Add(new AnalysedCell(cell, null, null, null));
                continue;
            }
            script = script is null ? CSharpScript.Create(directives.Code, options) : script.ContinueWith(directives.Code, options);
            var compilation = script.GetCompilation();
            var tree = compilation.SyntaxTrees.Last();
            result.Add(new AnalysedCell(cell, directives, compilation.GetSemanticModel(tree), tree));
        }
        PlanRenames(result, renames);
        return result;
    }

    private static void PlanRenames(List<AnalysedCell> cells, Dictionary<(SyntaxTree, TextSpan), string> plan)
    {
        var declared = new Dictionary<string, int>(StringComparer.Ordinal);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var scriptClasses = cells.Where(c => c.Model is not null).Select(c => (Cell: c, Class: c.Model!.Compilation.ScriptClass!)).ToList();
        foreach (var (_, scriptClass) in scriptClasses)
            foreach (var member in scriptClass.GetMembers().Where(m => !m.IsImplicitlyDeclared)) taken.Add(member.Name);
        foreach (var (cell, scriptClass) in scriptClasses)
        {
            var members = scriptClass.GetMembers()
                .Where(m => !m.IsImplicitlyDeclared && m.DeclaringSyntaxReferences.Length > 0 && m is not IMethodSymbol { MethodKind: not MethodKind.Ordinary })
                .GroupBy(m => m.Name, StringComparer.Ordinal);
            foreach (var group in members)
            {
                if (!declared.TryGetValue(group.Key, out var times))
                {
                    declared[group.Key] = 1;
                    continue;
                }
                string fresh;
                do fresh = $"{group.Key}_{++times}"; while (!taken.Add(fresh));
                declared[group.Key] = times;
                foreach (var symbol in group)
                    foreach (var reference in symbol.DeclaringSyntaxReferences)
                        plan[(reference.SyntaxTree, reference.Span)] = fresh;
                cell.Renames.Add((group.Key, fresh));
            }
        }
    }

    /// <summary>The cell's statements as they go into the file; its usings and types go to their own places.</summary>
    private static string Transform(AnalysedCell cell, Dictionary<(SyntaxTree, TextSpan), string> plan, List<string> usings, StringBuilder types)
    {
        var model = cell.Model!;
        var tree = cell.Tree!;
        var root = (CompilationUnitSyntax)tree.GetRoot();
        var code = tree.GetText().ToString();
        var edits = new List<(TextSpan Span, string Text)>();

        // Renamed declarations and every use of them.
        foreach (var token in root.DescendantTokens().Where(t => t.IsKind(SyntaxKind.IdentifierToken)))
        {
            var node = token.Parent;
            if (node is null) continue;
            if (IsDeclarationName(node, token) && plan.TryGetValue((tree, node.Span), out var declaredAs))
            {
                edits.Add((token.Span, declaredAs));
                continue;
            }
            // A renamed class's constructors carry its name too.
            if (node is ConstructorDeclarationSyntax { Parent: BaseTypeDeclarationSyntax owner } constructor && constructor.Identifier == token
                && plan.TryGetValue((tree, owner.Span), out var ownerName))
            {
                edits.Add((token.Span, ownerName));
                continue;
            }
            if (node is SimpleNameSyntax name)
            {
                var symbol = model.GetSymbolInfo(name).Symbol ?? model.GetSymbolInfo(name).CandidateSymbols.FirstOrDefault();
                var original = symbol?.OriginalDefinition;
                if (original?.DeclaringSyntaxReferences.FirstOrDefault() is { } reference
                    && plan.TryGetValue((reference.SyntaxTree, reference.Span), out var usedAs))
                    edits.Add((token.Span, usedAs));
            }
        }

        // A final expression without a semicolon is the cell's value: show it, as the notebook does.
        if (root.Members.LastOrDefault() is GlobalStatementSyntax { Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } last })
        {
            var type = model.GetTypeInfo(last.Expression).Type;
            if (type is null || type.SpecialType == SpecialType.System_Void || type.Name == nameof(LargeModelsCourse.Display.DisplayedValue))
            {
                edits.Add((new TextSpan(last.Expression.Span.End, 0), ";"));
            }
            else
            {
                edits.Add((new TextSpan(last.Expression.SpanStart, 0), "display("));
                edits.Add((new TextSpan(last.Expression.Span.End, 0), ");"));
            }
        }

        // A notebook's top-level variables and functions are members of a hidden class, so they may carry
        // modifiers; in a file they are locals and local functions, which take no accessibility (nor static/readonly for variables).
        foreach (var member in root.Members)
        {
            var modifiers = member switch
            {
                FieldDeclarationSyntax f => f.Modifiers.Where(m => m.Kind() is not SyntaxKind.ConstKeyword),
                MethodDeclarationSyntax m => m.Modifiers.Where(t => SyntaxFacts.IsAccessibilityModifier(t.Kind())),
                _ => [],
            };
            foreach (var modifier in modifiers) edits.Add((TextSpan.FromBounds(modifier.SpanStart, modifier.FullSpan.End), ""));
        }

        foreach (var directive in root.Usings)
        {
            var text = directive.WithoutTrivia().ToFullString();
            if (!usings.Contains(text, StringComparer.Ordinal)) usings.Add(text);
        }
        var statements = new StringBuilder();
        foreach (var member in root.Members)
        {
            var text = Apply(code, member.FullSpan, edits);
            if (member is BaseTypeDeclarationSyntax or DelegateDeclarationSyntax)
            {
                types.AppendLine($"// (from cell {cell.Cell.Number})");
                types.AppendLine(text.Trim('\n', '\r'));
                types.AppendLine();
            }
            else
            {
                statements.Append(text);
            }
        }
        statements.Append(root.EndOfFileToken.LeadingTrivia.ToFullString());
        return TrimBlankLines(statements.ToString());
    }

    private static bool IsDeclarationName(SyntaxNode node, SyntaxToken token) => node switch
    {
        VariableDeclaratorSyntax v => v.Identifier == token,
        SingleVariableDesignationSyntax d => d.Identifier == token,
        MethodDeclarationSyntax m => m.Identifier == token,
        BaseTypeDeclarationSyntax t => t.Identifier == token,
        DelegateDeclarationSyntax d => d.Identifier == token,
        _ => false,
    };

    private static string Apply(string code, TextSpan span, List<(TextSpan Span, string Text)> edits)
    {
        var text = new StringBuilder(code[span.Start..span.End]);
        // From the end backwards so earlier offsets stay valid; at one offset the replacement goes before the insertion.
        // An insertion exactly between two members belongs to the second (except at the very end of the cell).
        foreach (var (editSpan, replacement) in edits.Where(e => span.Contains(e.Span) && (e.Span.Length > 0 || e.Span.Start < span.End || span.End == code.Length))
                     .OrderByDescending(e => e.Span.Start).ThenByDescending(e => e.Span.Length))
            text.Remove(editSpan.Start - span.Start, editSpan.Length).Insert(editSpan.Start - span.Start, replacement);
        return text.ToString();
    }

    private static string TrimBlankLines(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        while (lines.Count > 0 && lines[0].Trim().Length == 0) lines.RemoveAt(0);
        while (lines.Count > 0 && lines[^1].Trim().Length == 0) lines.RemoveAt(lines.Count - 1);
        return string.Join("\n", lines);
    }

    /// <summary>
    /// <paramref name="to"/> relative to <paramref name="fromDir"/> when both are in the same course checkout
    /// (the pair moves together), otherwise absolute (a relative path climbing to the root helps nobody).
    /// </summary>
    private static string Relative(string fromDir, string to)
    {
        var sameCheckout = CourseRoot.Find(fromDir) is { } root && string.Equals(root, CourseRoot.Find(Directory.Exists(to) ? to : Path.GetDirectoryName(to)!), StringComparison.Ordinal);
        return (sameCheckout ? Path.GetRelativePath(fromDir, to) : Path.GetFullPath(to)).Replace('\\', '/');
    }

    private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
}
