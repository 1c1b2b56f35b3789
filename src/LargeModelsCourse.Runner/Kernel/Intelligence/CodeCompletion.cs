using LargeModelsCourse.Runner.Execution;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LargeModelsCourse.Runner.Kernel.Intelligence;

/// <summary>One completion: the text to insert and its kind, in the words Jupyter front ends use for icons.</summary>
public sealed record CompletionItem(string Text, string Type);

/// <summary>Completions replacing the text between <see cref="Start"/> and <see cref="End"/> (UTF-16 offsets).</summary>
public sealed record CompletionResult(int Start, int End, IReadOnlyList<CompletionItem> Matches);

/// <summary>
/// complete_request: the names that fit where the cursor is. After <c>expr.</c> (also across a line
/// break, as LINQ chains are written, and after <c>?.</c>) the members of the expression's type, or the
/// static members of a type, or the contents of a namespace; elsewhere every symbol in scope (earlier
/// cells' variables and functions included) and C# keywords. Filtered by the identifier typed so far.
/// </summary>
public static class CodeCompletion
{
    private const int MaxMatches = 1000;

    private static readonly string[] Keywords = SyntaxFacts.GetKeywordKinds()
        .Concat(SyntaxFacts.GetContextualKeywordKinds())
        .Select(SyntaxFacts.GetText)
        .Where(k => k.Length > 0 && char.IsLetter(k[0]))
        .Distinct(StringComparer.Ordinal)
        .ToArray();

    /// <summary>Completes <paramref name="code"/> at <paramref name="position"/> (a UTF-16 offset).</summary>
    public static CompletionResult Complete(ScriptSession session, string code, int position)
    {
        position = Math.Clamp(position, 0, code.Length);
        var start = position;
        while (start > 0 && IsIdentifierPart(code[start - 1])) start--;
        var prefix = code[start..position];
        var analysis = SubmissionAnalysis.Create(session, code);

        IEnumerable<ISymbol> symbols;
        var keywords = Enumerable.Empty<string>();
        if (MemberAccessTarget(analysis, start) is { } target)
        {
            symbols = MembersOf(analysis.Model, target, start);
        }
        else if (InsideTrivia(analysis, start))
        {
            return new CompletionResult(start, position, []);
        }
        else
        {
            symbols = analysis.Model.LookupSymbols(start, includeReducedExtensionMethods: true);
            if (prefix.Length > 0) keywords = Keywords;
        }

        var matches = symbols
            .Where(s => s.CanBeReferencedByName && !s.IsImplicitlyDeclared && s is not INamedTypeSymbol { IsScriptClass: true })
            .Where(s => s.Name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .GroupBy(s => s.Name, StringComparer.Ordinal)
            .Select(g => new CompletionItem(g.Key, Kind(g.First())))
            .Concat(keywords.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Select(k => new CompletionItem(k, "keyword")))
            .DistinctBy(m => m.Text, StringComparer.Ordinal)
            // What matches the typed case comes first, then alphabetical, as editors order them.
            .OrderBy(m => m.Text.StartsWith(prefix, StringComparison.Ordinal) ? 0 : 1)
            .ThenBy(m => m.Text, StringComparer.OrdinalIgnoreCase)
            .ThenBy(m => m.Text, StringComparer.Ordinal)
            .Take(MaxMatches)
            .ToList();
        return new CompletionResult(start, position, matches);
    }

    /// <summary>The expression (or namespace/type name) left of a dot before <paramref name="start"/>, if any.</summary>
    private static SyntaxNode? MemberAccessTarget(SubmissionAnalysis analysis, int start)
    {
        var i = start - 1;
        while (i >= 0 && char.IsWhiteSpace(analysis.Code[i])) i--;
        if (i < 0 || analysis.Code[i] != '.') return null;
        var dot = analysis.Tree.GetRoot().FindToken(i);
        if (!dot.IsKind(SyntaxKind.DotToken)) return null;
        return dot.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression,
            QualifiedNameSyntax name => name.Left,
            MemberBindingExpressionSyntax binding => binding.Ancestors().OfType<ConditionalAccessExpressionSyntax>().FirstOrDefault()?.Expression,
            _ => null,
        };
    }

    private static IEnumerable<ISymbol> MembersOf(SemanticModel model, SyntaxNode target, int position)
    {
        var info = model.GetSymbolInfo(target);
        var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
        switch (symbol)
        {
            case INamespaceSymbol ns:
                return model.LookupSymbols(position, ns);
            case ITypeSymbol type:
                // `Math.` names a type: its static members and nested types.
                return model.LookupStaticMembers(position, type)
                    .Concat(model.LookupNamespacesAndTypes(position, type));
        }
        var instanceType = model.GetTypeInfo(target).Type;
        if (instanceType is null or IErrorTypeSymbol) return [];
        return model.LookupSymbols(position, instanceType, includeReducedExtensionMethods: true)
            .Where(s => !s.IsStatic || s is IMethodSymbol { ReducedFrom: not null });
    }

    private static bool InsideTrivia(SubmissionAnalysis analysis, int position)
    {
        if (position == 0) return false;
        // No completion inside comments and string literals: there is nothing to look up.
        var root = analysis.Tree.GetRoot();
        var token = root.FindToken(position - 1);
        if (token.Span.Contains(position - 1) && token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.InterpolatedStringTextToken
                or SyntaxKind.CharacterLiteralToken or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken)
            return true;
        return root.FindTrivia(position - 1).Kind() is SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia
            or SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia;
    }

    /// <summary>The kind of <paramref name="symbol"/> in the vocabulary of Jupyter's completion types.</summary>
    public static string Kind(ISymbol symbol) => symbol switch
    {
        IMethodSymbol => "function",
        INamedTypeSymbol => "class",
        ITypeParameterSymbol => "class",
        INamespaceSymbol => "module",
        IPropertySymbol => "property",
        IParameterSymbol => "param",
        IFieldSymbol or ILocalSymbol or IEventSymbol or IRangeVariableSymbol => "instance",
        _ => "instance",
    };

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';
}
