using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LargeModelsCourse.Runner.Execution;

/// <summary>
/// Makes every loop a student writes stoppable. .NET cannot stop a thread from outside, so a cell's
/// <c>while (true) { }</c> would ignore Interrupt; before a cell compiles, this puts a check of
/// <see cref="Display.Notebook.Cancellation"/> at the top of the body of every <c>while</c>, <c>do</c>, <c>for</c>
/// and <c>foreach</c> in it — in top-level code, methods, local functions and lambdas alike — so the loop ends with
/// an <see cref="OperationCanceledException"/> within one iteration of the interrupt. Nothing is added on a new
/// line: the cell's line numbers stay as the student sees them. A check costs a few nanoseconds per iteration.
/// </summary>
public static class CellRewriter
{
    private static readonly StatementSyntax Check =
        SyntaxFactory.ParseStatement("global::LargeModelsCourse.Display.Notebook.ThrowIfCancelled();");

    /// <summary><paramref name="code"/> with a cancellation check in every loop; unchanged when it has none.</summary>
    public static string AddInterruptChecks(string code)
    {
        var tree = CSharpSyntaxTree.ParseText(code,
            CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest));
        var root = tree.GetRoot();
        if (!root.DescendantNodes().Any(n => n is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax))
            return code;
        return new LoopChecks().Visit(root)!.ToFullString();
    }

    private sealed class LoopChecks : CSharpSyntaxRewriter
    {
        // One override for every kind of loop: inner loops are rewritten first (base.Visit), then the loop itself.
        public override SyntaxNode? Visit(SyntaxNode? node) => base.Visit(node) switch
        {
            WhileStatementSyntax loop => loop.WithStatement(Guard(loop.Statement)),
            DoStatementSyntax loop => loop.WithStatement(Guard(loop.Statement)),
            ForStatementSyntax loop => loop.WithStatement(Guard(loop.Statement)),
            CommonForEachStatementSyntax loop => loop.WithStatement(Guard(loop.Statement)),
            var other => other,
        };

        private static StatementSyntax Guard(StatementSyntax body)
        {
            if (body is BlockSyntax block) return block.WithStatements(block.Statements.Insert(0, Check));
            // A single statement becomes a block on the same lines: its trivia (the line breaks) stays where it was.
            return SyntaxFactory.Block(
                    SyntaxFactory.Token(SyntaxKind.OpenBraceToken).WithLeadingTrivia(body.GetLeadingTrivia()),
                    SyntaxFactory.List([Check, body.WithoutLeadingTrivia().WithoutTrailingTrivia()]),
                    SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(body.GetTrailingTrivia()));
        }
    }
}
