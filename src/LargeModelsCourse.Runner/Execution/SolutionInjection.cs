using System.Text;
using LargeModelsCourse.Exercises;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// Hands an exercise cell its solutions before it compiles. The cell a student edits calls
/// <c>Exercise.Check("2.1 …", answer, hint: …)</c> and holds no solution; this finds each such call, looks the exercise up
/// in the chapter's <see cref="SolutionBook"/> and puts an <c>Exercise.Provide("2.1", () => solution)</c> call in front of
/// the cell's statements. <c>#line</c> directives keep the cell's own line numbers in compiler errors and stack traces.
/// Every host that runs cells (runner, kernel, export) uses it.
/// </summary>
public static class SolutionInjection
{
    private static readonly string[] CheckMethods = ["Check", "CheckExact", "Satisfies"];

    /// <summary>The exercise numbers whose checks <paramref name="code"/> calls, in order.</summary>
    public static IReadOnlyList<string> ExerciseIds(string code) => ExerciseIds(Parse(code).GetRoot());

    /// <summary>The statements that hand <paramref name="entry"/>'s solution to its check, on one line each.</summary>
    public static string ProvideCall(SolutionEntry entry)
    {
        var id = SymbolDisplay.FormatLiteral(entry.Id, quote: true);
        var solution = entry.IsStatements ? $"() => {{\n{entry.Code}\n}}" : $"() => (object?)({entry.Code})";
        var reference = entry.CheckedAgainst is null ? "" : $", () => (object?)({entry.CheckedAgainst})";
        return $"global::LargeModelsCourse.Exercises.Exercise.Provide({id}, {solution}{reference});";
    }

    /// <summary>
    /// <paramref name="code"/> with the solutions of the exercises it checks handed over first; unchanged when it checks
    /// none, or when <paramref name="book"/> has none of them (the check then says so).
    /// </summary>
    public static Injected Inject(string code, SolutionBook book)
    {
        var root = Parse(code).GetRoot();
        var entries = ExerciseIds(root).Select(book.Find).OfType<SolutionEntry>().DistinctBy(e => e.Id).ToList();
        if (entries.Count == 0) return new Injected(code, 0, 0, []);
        // After the cell's using directives (statements may not precede them), at the start of a line.
        var compilationUnit = (CompilationUnitSyntax)root;
        var lastUsing = compilationUnit.Usings.LastOrDefault();
        var text = Normalize(code);
        var lines = text.Split('\n');
        var keptLines = lastUsing is null ? 0 : lastUsing.GetLocation().GetLineSpan().EndLinePosition.Line + 1;
        var injected = new StringBuilder();
        foreach (var line in lines.Take(keptLines)) injected.Append(line).Append('\n');
        var firstInjectedLine = keptLines + 1;
        injected.Append("#line hidden\n");
        foreach (var entry in entries) injected.Append(ProvideCall(entry)).Append('\n');
        injected.Append($"#line {keptLines + 1}\n");
        var injectedLineCount = injected.ToString().Count(c => c == '\n') - keptLines;
        injected.Append(string.Join('\n', lines.Skip(keptLines)));
        return new Injected(injected.ToString(), firstInjectedLine, injectedLineCount, entries);
    }

    private static IReadOnlyList<string> ExerciseIds(SyntaxNode root) =>
        root.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(IsExerciseCheck)
            .Select(i => i.ArgumentList.Arguments.FirstOrDefault()?.Expression)
            .OfType<LiteralExpressionSyntax>()
            .Where(l => l.IsKind(SyntaxKind.StringLiteralExpression))
            .Select(l => SolutionBook.IdOf(l.Token.ValueText))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static bool IsExerciseCheck(InvocationExpressionSyntax invocation) =>
        invocation.Expression is MemberAccessExpressionSyntax { Name: var name, Expression: var target }
        && CheckMethods.Contains(name.Identifier.ValueText, StringComparer.Ordinal)
        && target is IdentifierNameSyntax { Identifier.ValueText: "Exercise" }
            or QualifiedNameSyntax { Right.Identifier.ValueText: "Exercise" }
            or MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Exercise" };

    private static SyntaxTree Parse(string code) => CSharpSyntaxTree.ParseText(Normalize(code),
        CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest));

    private static string Normalize(string code) => code.Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>A cell's code with solutions handed over.</summary>
    /// <param name="Code">What to compile.</param>
    /// <param name="FirstInjectedLine">The 1-based line of <see cref="Code"/> where the inserted lines start (0: none).</param>
    /// <param name="InjectedLines">How many lines were inserted.</param>
    /// <param name="Solutions">The solutions handed over.</param>
    public sealed record Injected(string Code, int FirstInjectedLine, int InjectedLines, IReadOnlyList<SolutionEntry> Solutions)
    {
        /// <summary>True when 1-based line <paramref name="line"/> of <see cref="Code"/> is one of the inserted lines.</summary>
        public bool IsInjected(int line) => InjectedLines > 0 && line >= FirstInjectedLine && line < FirstInjectedLine + InjectedLines;
    }
}
